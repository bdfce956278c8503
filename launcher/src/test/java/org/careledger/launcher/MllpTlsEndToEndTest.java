package org.careledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.careledger.devstack.DevPki;
import org.careledger.devstack.FreePorts;
import org.junit.jupiter.api.Test;

/**
 * The packaged routes app configured for mutual TLS from PEM files, on the shared Kafka and
 * PostgreSQL: a hospital system with a certificate from the configured CA gets AA for a stored
 * message; a plaintext sender gets nothing.
 */
class MllpTlsEndToEndTest {

    private static final char[] PASSWORD = "changeit".toCharArray();

    @Test
    void aBoundMutualTlsSenderIsAcknowledgedAnUnboundOneGetsArAndPlaintextNothing() throws Exception {
        Path runDir = Files.createDirectories(SharedHub.home().resolve("launcher/target/e2e-tls"));
        DevPki pki = new DevPki("St Marys Interface CA");
        DevPki.Identity server = pki.issue("careledger-mllp");
        HubPorts ports = new HubPorts(FreePorts.pick(), FreePorts.pick(), 0, 0, 0, 0, 0);
        Map<String, String> config = SharedHub.separateRoutesConfig("tls", ports, runDir);
        config.put("careledger.mllp.tls.enabled", "true");
        config.put("careledger.mllp.tls.certificate",
                DevPki.writePem(runDir.resolve("mllp.crt"), server.certificate(), pki.ca().certificate()).toString());
        config.put("careledger.mllp.tls.private-key", DevPki.writePem(runDir.resolve("mllp.key"), server.keys().getPrivate()).toString());
        config.put("careledger.mllp.tls.client-ca", DevPki.writePem(runDir.resolve("ca.pem"), pki.ca().certificate()).toString());
        config.put("careledger.mllp.tls.client-auth", "REQUIRE");
        config.put("careledger.mllp.tls.client-common-names", "epic-interface");
        String message = SharedHub.admission("E2E-TLS-1");

        try (AppProcess routes = AppProcess.start("routes-tls", SharedHub.home().resolve("routes/target/quarkus-app/quarkus-run.jar"),
                config, runDir.resolve("logs/routes.log"), ports.routesHttp())) {
            routes.awaitReady(Duration.ofSeconds(120));

            SSLContext tls = pki.clientContext(DevPki.keyStore(pki.issue("epic-interface"), PASSWORD), PASSWORD);
            try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", ports.mllp())) {
                Demo.Ack ack = new RawMllpPeer(socket).write(RawMllpPeer.frame(message)).await(1, 30_000).onlyAck();
                assertThat(ack.code()).isEqualTo("AA");
                assertThat(ack.controlId()).isEqualTo("E2E-TLS-1");
            }
            // a certificate from the same trusted CA, but for a sender not bound to this feed
            SSLContext rogue = pki.clientContext(DevPki.keyStore(pki.issue("rogue-interface"), PASSWORD), PASSWORD);
            long rawBefore = TopicReader.endOffsetTotal(SharedHub.get().endpoints().kafka().operator(),
                    java.util.regex.Pattern.compile("careledger\\.e2e-tls\\.hl7v2\\.raw"));
            try (SSLSocket socket = (SSLSocket) rogue.getSocketFactory().createSocket("127.0.0.1", ports.mllp())) {
                Demo.Ack ack = new RawMllpPeer(socket).write(RawMllpPeer.frame(SharedHub.admission("E2E-TLS-ROGUE")))
                        .await(1, 30_000).onlyAck();
                assertThat(ack.code()).isEqualTo("AR");
                assertThat(ack.controlId()).isEqualTo("E2E-TLS-ROGUE");
                assertThat(ack.raw()).contains("not bound to this feed");
            }
            assertThat(TopicReader.endOffsetTotal(SharedHub.get().endpoints().kafka().operator(),
                    java.util.regex.Pattern.compile("careledger\\.e2e-tls\\.hl7v2\\.raw"))).as("nothing stored").isEqualTo(rawBefore);
            try (Socket plain = new Socket("127.0.0.1", ports.mllp())) {
                RawMllpPeer.Outcome outcome = new RawMllpPeer(plain).write(RawMllpPeer.frame(message)).await(1, 10_000);
                assertThat(outcome.acks()).isEmpty();
            }
        }
    }
}
