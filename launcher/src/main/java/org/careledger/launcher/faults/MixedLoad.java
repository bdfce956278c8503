package org.careledger.launcher.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.careledger.launcher.Demo;
import org.careledger.launcher.EventIds;
import org.careledger.launcher.Hub;
import org.careledger.launcher.MllpClient;

/**
 * A steady mixed load on the hub, sent the way real senders send: MLLP on several connections in
 * lock-step, resending the same bytes on a timeout, a closed connection or AE until they get AA or
 * AR; FHIR resources over HTTP, resent on 503 or a refused connection; batch files dropped in the
 * inbox; and claims (DFT^P03) on a connection of their own. Every message and its answer goes in the
 * {@link LoadLedger}.
 */
final class MixedLoad implements AutoCloseable {

    static final String FEED = "default";
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration RESEND_PAUSE = Duration.ofMillis(250);

    /** How hard to push: pauses between messages per sender, and how long a sender keeps resending after stop. */
    record Pace(int mllpConnections, Duration mllpPause, Duration fhirPause, Duration inboxPause, int inboxBatch,
                Duration claimPause, Duration resendFor) {
    }

    private final Hub hub;
    private final String run;
    private final LoadLedger ledger;
    private final Pace pace;
    private final String admission;
    private final String dft;
    private final String claimMrn;
    private final String payerId;
    private final Path inbox;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Thread> senders = new ArrayList<>();
    private final AtomicInteger inboxFiles = new AtomicInteger();
    private volatile boolean stopping;
    private volatile long giveUpAtNanos = Long.MAX_VALUE;

    MixedLoad(Hub hub, String run, LoadLedger ledger, Pace pace, Path home, String claimMrn, String payerId) throws IOException {
        this.hub = hub;
        this.run = run;
        this.ledger = ledger;
        this.pace = pace;
        this.admission = Files.readString(home.resolve("docker/samples/01-adt-a01-v25.hl7"));
        this.dft = Files.readString(home.resolve("launcher/src/main/resources/faults/dft-p03.hl7"));
        this.claimMrn = claimMrn;
        this.payerId = payerId;
        this.inbox = hub.runDir().resolve("inbox/hl7v2");
    }

    /** The sample admission under this control id and medical record number. */
    String admission(String controlId, String mrn) {
        return admission.replace("CTRL1001", controlId).replace("MRN7731001", mrn);
    }

    String claim(String controlId, String txn) {
        return dft.replace("{CONTROL}", controlId).replace("{MRN}", claimMrn).replace("{FACILITY}", "STMARYS")
                .replace("{PAYER}", payerId).replace("{TXN}", txn).replace("{AMOUNT3}", "90.00");
    }

    void start() {
        for (int c = 0; c < pace.mllpConnections(); c++) {
            int connection = c;
            spawn("load-mllp-" + c, () -> {
                try (Sender sender = new Sender()) {
                    for (int seq = 0; !stopping; seq++) {
                        String id = "FLT-" + run + "-" + connection + "-" + seq;
                        String er7 = admission(id, "MRNF" + connection + (seq % 40));
                        sender.deliver(ledger.sent(LoadLedger.Channel.MLLP, id, EventIds.hl7(FEED, er7)), er7);
                        pause(pace.mllpPause());
                    }
                }
            });
        }
        spawn("load-fhir", () -> {
            for (int seq = 0; !stopping; seq++) {
                String id = "flt-" + run + "-" + seq;
                String condition = "{\"resourceType\":\"Condition\",\"id\":\"" + id + "\",\"subject\":{\"reference\":\"Patient/flt-"
                        + (seq % 25) + "\"},\"code\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"195967001\"}]}}";
                post(ledger.sent(LoadLedger.Channel.FHIR, id, EventIds.fhir(FEED, condition)), condition);
                pause(pace.fhirPause());
            }
        });
        spawn("load-inbox", () -> {
            while (!stopping) {
                dropBatch();
                pause(pace.inboxPause());
            }
        });
        spawn("load-claims", () -> {
            try (Sender sender = new Sender()) {
                for (int seq = 0; !stopping; seq++) {
                    String id = "FLTC-" + run + "-" + seq;
                    String er7 = claim(id, "TXN-FLT-" + run + "-" + seq);
                    sender.deliver(ledger.sent(LoadLedger.Channel.CLAIM, id, EventIds.hl7(FEED, er7)), er7);
                    pause(pace.claimPause());
                }
            }
        });
    }

    /** Stops taking new messages; each sender still resends its last one until answered, within {@code resendFor}. */
    void stop() throws InterruptedException {
        stopping = true;
        giveUpAtNanos = System.nanoTime() + pace.resendFor().toNanos();
        for (Thread t : senders) {
            t.join(pace.resendFor().toMillis() + 30_000);
        }
    }

    /** One message on a connection of its own, resent until answered: what the fault suite's resend does. */
    void deliver(LoadLedger.Entry entry, String er7) {
        try (Sender sender = new Sender()) {
            sender.deliver(entry, er7);
        }
    }

    /**
     * One sending system's MLLP connection, in lock-step: it stays open from message to message, and
     * after any answer but AA or AR (a timeout, a reset, AE) it is opened again and the same bytes
     * are resent, as an interface engine does.
     */
    final class Sender implements AutoCloseable {

        private MllpClient client;

        void deliver(LoadLedger.Entry entry, String er7) {
            while (System.nanoTime() < giveUpAtNanos) {
                try {
                    if (client == null) {
                        client = new MllpClient("127.0.0.1", hub.ports().mllp(), (int) READ_TIMEOUT.toMillis(), StandardCharsets.UTF_8);
                    }
                    Demo.Ack ack = Demo.Ack.parse(client.send(er7));
                    if ("AA".equals(ack.code())) {
                        entry.acked = true;
                        return;
                    }
                    if ("AR".equals(ack.code())) {
                        entry.refused = true;
                        return;
                    }
                } catch (Exception e) {
                    // timeout, reset or refused connection: reconnect and resend
                }
                close();
                pause(RESEND_PAUSE);
            }
        }

        @Override
        public void close() {
            if (client != null) {
                try {
                    client.close();
                } catch (IOException ignored) {
                    // already gone
                }
                client = null;
            }
        }
    }

    private void post(LoadLedger.Entry entry, String resource) {
        while (System.nanoTime() < giveUpAtNanos) {
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(hub.routesUrl() + "/fhir/r4")).timeout(READ_TIMEOUT)
                        .header("Content-Type", "application/fhir+json")
                        .header("Authorization", "Bearer " + hub.issuer().token("feed:" + FEED))
                        .POST(HttpRequest.BodyPublishers.ofString(resource)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 202) {
                    entry.acked = true;
                    return;
                }
                if (r.statusCode() / 100 == 4) {
                    entry.refused = true;
                    return;
                }
            } catch (Exception e) {
                // connection refused while the app restarts: send again
            }
            pause(RESEND_PAUSE);
        }
    }

    /** A batch file written beside the inbox and moved in, so the app never reads half a file. */
    private void dropBatch() {
        int file = inboxFiles.getAndIncrement();
        StringBuilder batch = new StringBuilder("FHS|^~\\&|ADT|STMARYS\rBHS|^~\\&|ADT|STMARYS\r");
        for (int i = 0; i < pace.inboxBatch(); i++) {
            String id = "FLTI-" + run + "-" + file + "-" + i;
            String er7 = admission(id, "MRNI" + (i % 10));
            ledger.sent(LoadLedger.Channel.INBOX, id, EventIds.hl7(FEED, er7));
            batch.append(er7.endsWith("\r") ? er7 : er7 + "\r");
        }
        batch.append("BTS|").append(pace.inboxBatch()).append("\rFTS|1\r");
        try {
            Files.createDirectories(inbox);
            String name = "flt-" + run + "-" + file + ".hl7";
            Path staged = Files.writeString(inbox.resolveSibling(name + ".tmp"), batch, StandardCharsets.UTF_8);
            Files.move(staged, inbox.resolve(name));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write to the inbox " + inbox, e);
        }
    }

    /** Marks the inbox messages whose control id has an AA in any of the app's ACK files for this run. */
    void readInboxAcks() throws IOException {
        Path acks = inbox.resolve(".acks");
        StringBuilder all = new StringBuilder();
        if (Files.isDirectory(acks)) {
            try (var files = Files.list(acks)) {
                for (Path f : files.filter(p -> p.getFileName().toString().contains("flt-" + run + "-")).toList()) {
                    all.append(Files.readString(f, StandardCharsets.UTF_8)).append('\r');
                }
            }
        }
        java.util.Set<String> aa = new java.util.HashSet<>();
        for (String segment : all.toString().split("[\r\n]+")) {
            String[] fields = segment.split("\\|", -1);
            if (fields.length > 2 && fields[0].equals("MSA") && fields[1].equals("AA")) {
                aa.add(fields[2]);
            }
        }
        for (LoadLedger.Entry e : ledger.all()) {
            if (e.channel == LoadLedger.Channel.INBOX && aa.contains(e.key)) {
                e.acked = true;
            }
        }
    }

    private void spawn(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        senders.add(t);
        t.start();
    }

    static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (!stopping) {
            stop();
        }
    }
}
