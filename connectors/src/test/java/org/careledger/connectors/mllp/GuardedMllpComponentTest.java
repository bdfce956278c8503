package org.careledger.connectors.mllp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The repair over camel-mllp: an oversized first frame resets its connection instead of hanging it. */
class GuardedMllpComponentTest {

    private static final int MAX_FRAME = 64 * 1024;
    private static AckingMllpListener listener;
    private static int port;

    @BeforeAll
    static void startListener() throws Exception {
        listener = AckingMllpListener.start(new GuardedMllpComponent(),
                "receiveTimeout=2000&readTimeout=500&maxBufferSize=" + MAX_FRAME, "MSH|^~\\&|C|D|A|B|20261128||ACK|X1|P|2.5\rMSA|AA|OK1\r");
        port = listener.port();
    }

    @AfterAll
    static void stopListener() {
        listener.close();
    }

    private static byte[] frame(int bodyBytes) {
        byte[] framed = new byte[bodyBytes + 3];
        Arrays.fill(framed, (byte) 'x');
        byte[] msh = "MSH|^~\\&|A|B|C|D|20261128||ADT^A01|OK1|P|2.5\r".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(msh, 0, framed, 1, msh.length);
        framed[0] = 0x0b;
        framed[framed.length - 2] = 0x1c;
        framed[framed.length - 1] = 0x0d;
        return framed;
    }

    /** What the peer saw after sending: the first reply byte, -1 for a clean close, -2 for a reset. */
    private static int firstReplyByte(byte[] framed) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    socket.getOutputStream().write(framed);
                } catch (IOException expectedWhenReset) {
                    // the reply side below reports what happened
                }
            });
            InputStream in = socket.getInputStream();
            int first;
            try {
                first = in.read();
            } catch (java.net.SocketException reset) {
                first = -2;
            }
            socket.close(); // unblocks a writer that the server stopped reading from
            writer.get(15, TimeUnit.SECONDS);
            return first;
        }
    }

    @Test
    void firstFrameOverTheBufferLimitResetsTheConnection() throws Exception {
        assertThat(firstReplyByte(frame(4 * MAX_FRAME))).isIn(-1, -2);
    }

    @Test
    void tlsHandshakeAgainstThePlaintextListenerFailsInsteadOfHanging() throws Exception {
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, null, null);
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            org.assertj.core.api.Assertions.assertThatThrownBy(socket::startHandshake).isInstanceOf(IOException.class)
                    .isNotInstanceOf(java.net.SocketTimeoutException.class);
        }
    }

    @Test
    void frameWithinTheLimitIsAnswered() throws Exception {
        assertThat(firstReplyByte(frame(MAX_FRAME / 2))).isEqualTo(0x0b);
    }
}
