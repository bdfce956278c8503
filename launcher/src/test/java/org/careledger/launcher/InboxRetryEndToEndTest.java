package org.careledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.careledger.devstack.FreePorts;
import org.careledger.devstack.KafkaNode;
import org.careledger.devstack.KafkaPrincipals;
import org.careledger.devstack.StackEndpoints;
import org.junit.jupiter.api.Test;

/**
 * Inbox files read while Kafka is down, on a routes app with a broker of its own: the file is never
 * deleted while a message in it is unstored. It waits in .retry/ and is read again; once a broker is
 * back it is stored and leaves the inbox; one that keeps failing ends in .error/ with a reason.
 */
class InboxRetryEndToEndTest {

    private static final String RAW = "careledger.hl7v2.raw";

    private record App(AppProcess routes, Path inbox) {
    }

    /** A fresh inbox: files another run left in .retry/ would be read by this app too. */
    private static Path freshRunDir(String name) throws Exception {
        Path runDir = SharedHub.home().resolve("launcher/target/" + name);
        if (Files.exists(runDir.resolve("inbox"))) {
            try (Stream<Path> files = Files.walk(runDir.resolve("inbox"))) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(runDir);
    }

    private static App start(String name, KafkaNode kafka, Path runDir, int maxAttempts) throws Exception {
        StackEndpoints shared = SharedHub.get().endpoints();
        HubPorts ports = new HubPorts(FreePorts.pick(), FreePorts.pick(), 0, 0, 0, 0, 0);
        StackEndpoints endpoints = new StackEndpoints(KafkaPrincipals.shared(kafka.access()), shared.routesJdbcUrl(),
                shared.bridgeJdbcUrl(), shared.claimsJdbcUrl(), shared.jdbcUsername(), shared.jdbcPassword(), shared.rpcUrl(), shared.chainId(),
                shared.anchorContract(), null, null);
        Map<String, String> config = Hub.routesConfig(endpoints, ports, runDir, SharedHub.get().issuer());
        config.put("careledger.kafka.store-timeout-ms", "2000");
        config.put("careledger.hl7.inbox-max-attempts", Integer.toString(maxAttempts));
        config.put("careledger.hl7.inbox-retry-initial-ms", "500");
        config.put("careledger.hl7.inbox-retry-max-ms", "1000");
        AppProcess routes = AppProcess.start(name, SharedHub.home().resolve("routes/target/quarkus-app/quarkus-run.jar"),
                config, runDir.resolve("logs/" + name + ".log"), ports.routesHttp());
        routes.awaitReady(Duration.ofSeconds(120));
        return new App(routes, runDir.resolve("inbox/hl7v2"));
    }

    private static void drop(Path inbox, String name, String controlId) throws Exception {
        Files.createDirectories(inbox);
        Path staged = Files.writeString(inbox.resolveSibling(name + ".tmp"), SharedHub.admission(controlId), StandardCharsets.UTF_8);
        Files.move(staged, inbox.resolve(name));
    }

    private static List<String> retries(Path inbox) throws Exception {
        Path retry = inbox.resolve(".retry");
        if (!Files.isDirectory(retry)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(retry)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+~.*")).toList();
        }
    }

    @Test
    void aFileReadWhileKafkaIsDownWaitsInRetryAndIsStoredOnceKafkaIsBack() throws Exception {
        Path runDir = freshRunDir("e2e-inbox-retry");
        String controlId = "E2E-INBOX-DOWN-" + System.nanoTime();
        int port = FreePorts.pick();
        KafkaNode kafka = KafkaNode.start(runDir.resolve("kafka"), port);
        App app = start("routes-inbox-retry", kafka, runDir, 60);
        KafkaNode back = null;
        try {
            kafka.close();
            drop(app.inbox(), "while-down.hl7", controlId);

            // answered AE at least twice, and never deleted meanwhile
            await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200))
                    .until(() -> retries(app.inbox()).stream().anyMatch(n -> n.matches("([2-9]|\\d{2,})~while-down\\.hl7")));
            assertThat(Files.readString(app.inbox().resolve(".acks/while-down.hl7.ack"))).contains("MSA|AE|" + controlId);

            back = KafkaNode.start(runDir.resolve("kafka-back"), port);
            try (Admin admin = Admin.create(back.access().config())) {
                admin.createTopics(List.of(new NewTopic(RAW, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500)).until(() -> retries(app.inbox()).isEmpty()
                    && Files.readString(app.inbox().resolve(".acks/while-down.hl7.ack")).contains("MSA|AA|" + controlId));
            assertThat(app.inbox().resolve(".error/while-down.hl7")).doesNotExist();
            assertThat(TopicReader.endOffsetTotal(back.access(), java.util.regex.Pattern.compile(RAW))).isEqualTo(1);
        } finally {
            app.routes().close();
            kafka.close();
            if (back != null) {
                back.close();
            }
        }
    }

    @Test
    void aFileThatKeepsFailingEndsInErrorWithAReasonAndNoContent() throws Exception {
        Path runDir = freshRunDir("e2e-inbox-error");
        String controlId = "E2E-INBOX-FAILING-" + System.nanoTime();
        KafkaNode kafka = KafkaNode.start(runDir.resolve("kafka"), 0);
        App app = start("routes-inbox-error", kafka, runDir, 2);
        try {
            kafka.close();
            drop(app.inbox(), "keeps-failing.hl7", controlId);

            Path reason = app.inbox().resolve(".error/keeps-failing.hl7.reason");
            await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() -> Files.exists(reason));

            assertThat(Files.readString(reason)).contains("1 of 1 messages were still not stored (AE) after 2 attempts")
                    .doesNotContain("Quillfeather").doesNotContain("MRN7731001");
            assertThat(Files.readString(app.inbox().resolve(".error/keeps-failing.hl7"))).contains(controlId);
            assertThat(retries(app.inbox())).isEmpty();
            assertThat(app.inbox().resolve("keeps-failing.hl7")).doesNotExist();
        } finally {
            app.routes().close();
            kafka.close();
        }
    }
}
