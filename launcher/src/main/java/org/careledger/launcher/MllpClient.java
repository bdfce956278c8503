package org.careledger.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.Charset;

import ca.uhn.hl7v2.llp.HL7Reader;
import ca.uhn.hl7v2.llp.HL7Writer;
import ca.uhn.hl7v2.llp.LLPException;
import ca.uhn.hl7v2.llp.MinLowerLayerProtocol;

/**
 * A sending system's side of MLLP, in classic lock-step: one message, then wait for its ACK.
 * Framing is HAPI's minimal lower layer protocol.
 */
public final class MllpClient implements AutoCloseable {

    private final Socket socket;
    private final HL7Writer writer;
    private final HL7Reader reader;

    public MllpClient(String host, int port, int readTimeoutMillis, Charset charset) throws IOException, LLPException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setSoTimeout(readTimeoutMillis);
        MinLowerLayerProtocol llp = new MinLowerLayerProtocol(true);
        llp.setCharset(charset);
        writer = llp.getWriter(socket.getOutputStream());
        reader = llp.getReader(socket.getInputStream());
    }

    /** Sends one framed message and returns the ACK, or null when the peer closed the connection. */
    public String send(String er7) throws IOException, LLPException {
        writer.writeMessage(er7);
        return reader.getMessage();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
