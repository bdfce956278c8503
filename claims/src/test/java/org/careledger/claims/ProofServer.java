package org.careledger.claims;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The ledger bridge's {@code GET /proofs/{eventId}} on a real loopback socket, answering with the
 * proofs a test published, 404 problem JSON for the others, or a status a test forces.
 */
final class ProofServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, byte[]> proofs = new ConcurrentHashMap<>();
    private volatile int forcedStatus;

    ProofServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/proofs/", this::answer);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Serves this proof body from now on, as the bridge does once the event's batch is confirmed. */
    void publish(String eventId, Map<String, Object> body) throws IOException {
        proofs.put(eventId, JSON.writeValueAsBytes(body));
    }

    /** Answers every request with this status (0: normally again). */
    void force(int status) {
        forcedStatus = status;
    }

    private void answer(HttpExchange exchange) throws IOException {
        String eventId = exchange.getRequestURI().getPath().substring("/proofs/".length());
        byte[] body = proofs.get(eventId);
        int status = forcedStatus != 0 ? forcedStatus : body == null ? 404 : 200;
        if (status != 200) {
            body = ("{\"type\":\"about:blank\",\"title\":\"Not anchored yet\",\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
        }
        exchange.getResponseHeaders().set("Content-Type", status == 200 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
