package org.careledger.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A misbehaving sender on a raw socket: writes whatever bytes a test gives it, on its own thread so
 * that a server which stops reading cannot block the test, and reports the frames it got back and
 * how the connection ended.
 */
final class RawMllpPeer implements AutoCloseable {

    static final byte VT = 0x0b;
    static final byte FS = 0x1c;
    static final byte CR = 0x0d;

    enum End { OPEN, CLOSED, RESET }

    record Outcome(List<String> acks, End end, boolean writeFailed) {

        Demo.Ack onlyAck() {
            if (acks.size() != 1) {
                throw new AssertionError("expected one ACK, got " + acks.size() + " and the connection " + end);
            }
            return Demo.Ack.parse(acks.get(0));
        }
    }

    private final Socket socket;
    private CompletableFuture<Boolean> writing = CompletableFuture.completedFuture(true);

    RawMllpPeer(int port) throws IOException {
        this(new Socket("127.0.0.1", port));
    }

    /** Over a socket the test set up itself, e.g. a TLS one. */
    RawMllpPeer(Socket socket) {
        this.socket = socket;
    }

    static byte[] frame(String er7) {
        return frame(er7.getBytes(StandardCharsets.UTF_8));
    }

    /** VT, the bytes exactly as given, FS CR. */
    static byte[] frame(byte[] body) {
        byte[] framed = new byte[body.length + 3];
        framed[0] = VT;
        System.arraycopy(body, 0, framed, 1, body.length);
        framed[body.length + 1] = FS;
        framed[body.length + 2] = CR;
        return framed;
    }

    /** Starts writing the chunks in order, pausing between them; returns at once. */
    RawMllpPeer write(List<byte[]> chunks, long pauseMillis) {
        writing = CompletableFuture.supplyAsync(() -> {
            try {
                for (byte[] chunk : chunks) {
                    socket.getOutputStream().write(chunk);
                    socket.getOutputStream().flush();
                    if (pauseMillis > 0) {
                        Thread.sleep(pauseMillis);
                    }
                }
                return true;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        return this;
    }

    RawMllpPeer write(byte[] bytes) {
        return write(List.of(bytes), 0);
    }

    /** Reads until {@code expectedAcks} frames came back, the peer closed or reset, or the time is up. */
    Outcome await(int expectedAcks, long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        List<String> acks = new ArrayList<>();
        ByteArrayOutputStream current = new ByteArrayOutputStream();
        End end = End.OPEN;
        InputStream in = socket.getInputStream();
        while (acks.size() < expectedAcks && System.currentTimeMillis() < deadline) {
            socket.setSoTimeout((int) Math.max(1, deadline - System.currentTimeMillis()));
            int b;
            try {
                b = in.read();
            } catch (SocketTimeoutException e) {
                break;
            } catch (IOException e) {
                end = End.RESET;
                break;
            }
            if (b < 0) {
                end = End.CLOSED;
                break;
            }
            if (b == FS) {
                acks.add(current.toString(StandardCharsets.UTF_8).replace("\u000b", ""));
                current.reset();
            } else if (b != CR || current.size() > 0) {
                current.write(b);
            }
        }
        boolean written;
        try {
            written = writing.get(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            socket.close(); // unblocks the writer: a server that stopped reading is itself a failure
            written = false;
        }
        return new Outcome(acks, end, !written);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
