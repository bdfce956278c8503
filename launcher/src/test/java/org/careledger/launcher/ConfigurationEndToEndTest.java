package org.careledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

import org.careledger.devstack.FreePorts;
import org.junit.jupiter.api.Test;

/**
 * The routes app checks its typed settings when it starts: a value of the wrong type, one out of
 * range or a required one missing or left empty stops it before it listens, and the log names the key.
 */
class ConfigurationEndToEndTest {

    private static final Path ROUTES_JAR = SharedHub.home().resolve("routes/target/quarkus-app/quarkus-run.jar");
    private static final Path BRIDGE_JAR = SharedHub.home().resolve("ledger-bridge/target/quarkus-app/quarkus-run.jar");
    private static final Path CLAIMS_JAR = SharedHub.home().resolve("claims/target/quarkus-app/quarkus-run.jar");

    /** Starts a routes app of its own with one change to the shared configuration, and returns the log of its refusal. */
    private static String refusalWith(String name, Consumer<Map<String, String>> change) throws Exception {
        Path runDir = Files.createDirectories(SharedHub.home().resolve("launcher/target/e2e-configuration"));
        HubPorts ports = new HubPorts(FreePorts.pick(), FreePorts.pick(), 0, 0, 0, 0, 0);
        Map<String, String> config = SharedHub.separateRoutesConfig(name, ports, runDir);
        change.accept(config);
        return SharedHub.refusal("routes-" + name, ROUTES_JAR, config, runDir);
    }

    /** The same for a bridge of its own, with its own consumer group, on the shared stack. */
    private static String bridgeRefusalWith(String name, Consumer<Map<String, String>> change) throws Exception {
        Path runDir = Files.createDirectories(SharedHub.home().resolve("launcher/target/e2e-configuration"));
        Map<String, String> config = SharedHub.separateBridgeConfig(name);
        change.accept(config);
        return SharedHub.refusal("bridge-" + name, BRIDGE_JAR, config, runDir);
    }

    /** The same for a claims app of its own, with its own consumer group, on the shared stack. */
    private static String claimsRefusalWith(String name, Consumer<Map<String, String>> change) throws Exception {
        Path runDir = Files.createDirectories(SharedHub.home().resolve("launcher/target/e2e-configuration"));
        Map<String, String> config = SharedHub.separateClaimsConfig(name);
        change.accept(config);
        return SharedHub.refusal("claims-" + name, CLAIMS_JAR, config, runDir);
    }

    @Test
    void aMalformedDurationStopsTheStartNamingItsKey() throws Exception {
        String log = refusalWith("config-duration", c -> c.put("careledger.mllp.drain-timeout-ms", "twenty seconds"));

        assertThat(log).contains("careledger.mllp.drain-timeout-ms").contains("expected a whole number of milliseconds");
    }

    @Test
    void aNegativeSizeStopsTheStartNamingItsKey() throws Exception {
        String log = refusalWith("config-size", c -> c.put("careledger.mllp.max-message-bytes", "-1"));

        assertThat(log).contains("careledger.mllp.max-message-bytes").contains("must be greater than 0");
    }

    @Test
    void aRequiredKeyLeftEmptyStopsTheStartNamingIt() throws Exception {
        String log = refusalWith("config-missing", c -> c.put("careledger.hl7.inbox-dir", ""));

        assertThat(log).contains("careledger.hl7.inbox-dir").contains("is defined as the empty String");
    }

    @Test
    void aRequiredKeyNotGivenStopsTheStartNamingIt() throws Exception {
        String log = refusalWith("config-absent", c -> assertThat(c.remove("careledger.events.signing-key")).isNotBlank());

        assertThat(log).contains("Failed to load config value").contains("for: careledger.events.signing-key");
    }

    @Test
    void anUnknownCharsetStopsTheStartNamingItsKey() throws Exception {
        String log = refusalWith("config-charset", c -> c.put("careledger.hl7.default-charset", "klingon-8"));

        assertThat(log).contains("careledger.hl7.default-charset").contains("expected a charset this JVM supports");
    }

    @Test
    void theBridgeStopsOnAMalformedDurationAndAMissingContractNamingEachKey() throws Exception {
        String log = bridgeRefusalWith("config-duration", c -> {
            c.put("careledger.ledger.stuck-after-ms", "30s");
            c.remove("careledger.ledger.anchor-contract");
        });

        assertThat(log).contains("careledger.ledger.stuck-after-ms").contains("expected a whole number of milliseconds")
                .contains("careledger.ledger.anchor-contract");
    }

    @Test
    void theBridgeStopsOnACountOutOfRangeNamingItsKey() throws Exception {
        String log = bridgeRefusalWith("config-range", c -> c.put("careledger.ledger.max-in-flight", "0"));

        assertThat(log).contains("careledger.ledger.max-in-flight").contains("must be greater than 0");
    }

    @Test
    void theClaimsAppStopsOnACountOutOfRangeNamingItsKey() throws Exception {
        String log = claimsRefusalWith("config-range", c -> c.put("careledger.claims.max-per-transaction", "21"));

        assertThat(log).contains("careledger.claims.max-per-transaction").contains("must be less than or equal to 20");
    }

    @Test
    void theClaimsAppStopsWithoutTheBridgesAddressNamingItsKey() throws Exception {
        String log = claimsRefusalWith("config-bridge", c -> c.put("careledger.claims.bridge-url", ""));

        assertThat(log).contains("careledger.claims.bridge-url").contains("is defined as the empty String");
    }
}
