package org.careledger.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP gate in front of a JSON-RPC node, for fault injection: while it is cut, connections are
 * refused and the open ones are dropped, as when the node or the network to it goes away; restored,
 * it forwards again on the same port. It forwards bytes and reads nothing.
 */
public final class RpcGate implements AutoCloseable {

    private final InetSocketAddress target;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private ServerSocket server;

    private RpcGate(InetSocketAddress target, ServerSocket server) {
        this.target = target;
        this.server = server;
        this.port = server.getLocalPort();
    }

    /** A gate on a free loopback port in front of {@code rpcUrl} (http://host:port). */
    public static RpcGate open(String rpcUrl) throws IOException {
        URI uri = URI.create(rpcUrl);
        RpcGate gate = new RpcGate(new InetSocketAddress(uri.getHost(), uri.getPort()), bind(0));
        gate.accept(gate.server);
        return gate;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Refuses connections and drops the open ones until {@link #restore()}. */
    public synchronized void cut() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
        for (Socket s : open) {
            s.close();
        }
        open.clear();
    }

    public synchronized void restore() throws IOException {
        if (server == null) {
            server = bind(port);
            accept(server);
        }
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        return s;
    }

    private void accept(ServerSocket listening) {
        Thread acceptor = new Thread(() -> {
            while (!listening.isClosed()) {
                try {
                    Socket client = listening.accept();
                    Socket upstream = new Socket(target.getAddress(), target.getPort());
                    open.add(client);
                    open.add(upstream);
                    pipe(client, upstream);
                    pipe(upstream, client);
                } catch (IOException e) {
                    // closed by cut(), or the node refused: the caller sees its connection fail
                }
            }
        }, "rpc-gate-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void pipe(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "rpc-gate-pipe");
        t.setDaemon(true);
        t.start();
    }

    private void closeQuietly(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        cut();
    }
}
