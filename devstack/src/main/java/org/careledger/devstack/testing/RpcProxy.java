package org.careledger.devstack.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A JSON-RPC endpoint in front of anvil that a test can break: forward, refuse connections
 * (down), answer HTTP 200 with garbage, answer HTTP 500, answer every call with a JSON-RPC error, or
 * lag: report a head block behind the chain.
 */
public final class RpcProxy implements AutoCloseable {

    public enum Mode { FORWARD, DOWN, GARBAGE, HTTP_500, RPC_ERROR, LAGGING }

    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

    private final String target;
    private final HttpClient client = HttpClient.newHttpClient();
    private final int port;
    private volatile Mode mode = Mode.FORWARD;
    private volatile long laggingHead;
    private volatile String refused;
    private HttpServer server;

    public RpcProxy(String target) throws IOException {
        this.target = target;
        this.server = listen(0);
        this.port = server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Forwards everything but {@code eth_blockNumber}, which answers this stale head: a node behind the chain. */
    public void lagAt(long head) throws IOException {
        laggingHead = head;
        mode(Mode.LAGGING);
    }

    /**
     * Forwards everything but this JSON-RPC method, which fails with HTTP 502 as if the process died
     * on the way to the node; {@code null} forwards everything again.
     */
    public void refuse(String method) {
        refused = method;
    }

    public synchronized void mode(Mode next) throws IOException {
        if (next == Mode.DOWN && server != null) {
            server.stop(0);
            server = null;
        } else if (next != Mode.DOWN && server == null) {
            server = listen(port);
        }
        mode = next;
    }

    private HttpServer listen(int onPort) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 64);
        s.createContext("/", this::handle);
        s.start();
        return s;
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] request = exchange.getRequestBody().readAllBytes();
        String method = refused;
        if (method != null && new String(request, StandardCharsets.UTF_8).contains("\"" + method + "\"")) {
            answer(exchange, 502, "bad gateway");
            return;
        }
        switch (mode) {
            case GARBAGE -> answer(exchange, 200, "<html>502 upstream gone</html>");
            case HTTP_500 -> answer(exchange, 500, "internal error");
            case RPC_ERROR -> answer(exchange, 200, "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32603,\"message\":\"header not found\"}}");
            case LAGGING -> {
                String body = new String(request, StandardCharsets.UTF_8);
                java.util.regex.Matcher id = ID.matcher(body);
                if (body.contains("\"eth_blockNumber\"") && id.find()) {
                    answer(exchange, 200, "{\"jsonrpc\":\"2.0\",\"id\":" + id.group(1) + ",\"result\":\"0x" + Long.toHexString(laggingHead) + "\"}");
                } else {
                    forward(exchange, request);
                }
            }
            default -> forward(exchange, request);
        }
    }

    private void forward(HttpExchange exchange, byte[] request) throws IOException {
        try {
            HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create(target))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(), HttpResponse.BodyHandlers.ofByteArray());
            exchange.sendResponseHeaders(r.statusCode(), r.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(r.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer(exchange, 503, "interrupted");
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
        }
    }
}
