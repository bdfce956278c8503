package org.careledger.connectors.mllp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.careledger.devstack.DevPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MLLP listener with mutual TLS, on a real socket: only a client holding a current certificate
 * from the configured CA, speaking TLS 1.2 or later, gets as far as an ACK.
 */
class MllpTlsListenerTest {

    private static final String MESSAGE = "MSH|^~\\&|A|B|C|D|20261128||ADT^A01|TLS1|P|2.5\rPID|1\r";
    private static final String ACK = "MSH|^~\\&|C|D|A|B|20261128||ACK|X1|P|2.5\rMSA|AA|TLS1\r";
    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path dir;
    private static DevPki pki;
    private static AckingMllpListener listener;
    private static int port;

    @BeforeAll
    static void startListener() throws Exception {
        pki = new DevPki("Test Hospital CA");
        DevPki.Identity server = pki.issue("careledger-mllp");
        Path cert = DevPki.writePem(dir.resolve("server.crt"), server.certificate(), pki.ca().certificate());
        Path key = DevPki.writePem(dir.resolve("server.key"), server.keys().getPrivate());
        Path ca = DevPki.writePem(dir.resolve("client-ca.pem"), pki.ca().certificate());
        var settings = new MllpTls.Settings(Optional.empty(), Optional.empty(), Optional.of(cert), Optional.of(key),
                Optional.of(ca), Optional.empty(), MllpTls.ClientAuth.REQUIRE);
        GuardedMllpComponent mllp = new GuardedMllpComponent();
        mllp.useTls(MllpTls.serverParameters(settings));
        listener = AckingMllpListener.start(mllp, "receiveTimeout=2000&readTimeout=500", ACK);
        port = listener.port();
    }

    @AfterAll
    static void stopListener() {
        listener.close();
    }

    private static SSLContext client(KeyStore identity, String... protocols) throws Exception {
        return pki.clientContext(identity, PASSWORD, protocols);
    }

    private static KeyStore identityOf(DevPki.Identity identity) throws Exception {
        return DevPki.keyStore(identity, PASSWORD);
    }

    /** Sends one framed message and returns the reply, or throws when the connection failed or closed. */
    private static String send(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(("\u000b" + MESSAGE + "\u001c\r").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        for (int b = in.read(); b != 0x1c; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed without a reply");
            }
            reply.write(b);
        }
        return reply.toString(StandardCharsets.US_ASCII);
    }

    private static String sendOverTls(SSLContext context, String... enabledProtocols) throws IOException {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            if (enabledProtocols.length > 0) {
                socket.setEnabledProtocols(enabledProtocols);
            }
            return send(socket);
        }
    }

    @Test
    void clientWithACertificateFromTheConfiguredCaGetsItsAck() throws Exception {
        String reply = sendOverTls(client(identityOf(pki.issue("lab-system"))));

        assertThat(reply).contains("MSA|AA|TLS1");
    }

    @Test
    void clientWithoutACertificateIsRefused() {
        assertThatThrownBy(() -> sendOverTls(client(null))).isInstanceOf(IOException.class);
    }

    @Test
    void selfSignedClientCertificateIsRefused() {
        assertThatThrownBy(() -> sendOverTls(client(identityOf(DevPki.selfSigned("impostor")))))
                .isInstanceOf(IOException.class);
    }

    @Test
    void expiredClientCertificateIsRefused() throws Exception {
        DevPki.Identity expired = pki.issue("retired-system", Instant.now().minus(Duration.ofDays(60)),
                Instant.now().minus(Duration.ofDays(1)));

        assertThatThrownBy(() -> sendOverTls(client(identityOf(expired)))).isInstanceOf(IOException.class);
    }

    @Test
    void tls11IsNotOffered() {
        assertThatThrownBy(() -> sendOverTls(client(identityOf(pki.issue("old-system")), "TLSv1.1"), "TLSv1.1"))
                .isInstanceOf(IOException.class);
    }

    @Test
    void plaintextToTheTlsPortGetsNoAck() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            assertThatThrownBy(() -> send(socket)).isInstanceOf(IOException.class);
        }
    }

    @Test
    void pkcs12IdentityLoadsLikePem() throws Exception {
        DevPki.Identity server = pki.issue("careledger-mllp-p12");
        Path p12 = DevPki.writePkcs12(dir.resolve("server.p12"), DevPki.keyStore(server, PASSWORD, pki.ca().certificate()), PASSWORD);
        var settings = new MllpTls.Settings(Optional.of(p12), Optional.of("changeit"), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), MllpTls.ClientAuth.NONE);

        var parameters = MllpTls.serverParameters(settings);

        assertThat(parameters.getKeyManagers().createKeyManagers()).isNotEmpty();
        assertThat(parameters.getTrustManagers()).isNull();
    }
}
