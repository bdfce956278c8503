package org.careledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.careledger.devstack.FreePorts;
import org.junit.jupiter.api.Test;

/**
 * The routes app checks its typed settings when it starts: a value of the wrong type, one out of
 * range or a required one missing or left empty stops it before it listens, and the log names the key.
 */
class ConfigurationEndToEndTest {

    private static final Path ROUTES_JAR = SharedHub.home().resolve("routes/target/quarkus-app/quarkus-run.jar");

    private static String refusalWith(String name, String key, String value) throws Exception {
        Path runDir = Files.createDirectories(SharedHub.home().resolve("launcher/target/e2e-configuration"));
        HubPorts ports = new HubPorts(FreePorts.pick(), FreePorts.pick(), 0, 0, 0, 0);
        Map<String, String> config = SharedHub.separateRoutesConfig(name, ports, runDir);
        config.put(key, value);
        return SharedHub.refusal("routes-" + name, ROUTES_JAR, config, runDir);
    }

    @Test
    void aMalformedDurationStopsTheStartNamingItsKey() throws Exception {
        String log = refusalWith("config-duration", "careledger.mllp.drain-timeout-ms", "twenty seconds");

        assertThat(log).contains("careledger.mllp.drain-timeout-ms").contains("expected a whole number of milliseconds");
    }

    @Test
    void aNegativeSizeStopsTheStartNamingItsKey() throws Exception {
        String log = refusalWith("config-size", "careledger.mllp.max-message-bytes", "-1");

        assertThat(log).contains("careledger.mllp.max-message-bytes").contains("must be greater than 0");
    }

    @Test
    void aRequiredKeyLeftEmptyStopsTheStartNamingIt() throws Exception {
        String log = refusalWith("config-missing", "careledger.hl7.inbox-dir", "");

        assertThat(log).contains("careledger.hl7.inbox-dir").contains("is defined as the empty String");
    }

    @Test
    void aRequiredKeyNotGivenStopsTheStartNamingIt() throws Exception {
        Path runDir = Files.createDirectories(SharedHub.home().resolve("launcher/target/e2e-configuration"));
        HubPorts ports = new HubPorts(FreePorts.pick(), FreePorts.pick(), 0, 0, 0, 0);
        Map<String, String> config = SharedHub.separateRoutesConfig("config-absent", ports, runDir);
        assertThat(config.remove("careledger.events.signing-key")).isNotBlank();

        String log = SharedHub.refusal("routes-config-absent", ROUTES_JAR, config, runDir);

        assertThat(log).contains("Failed to load config value").contains("for: careledger.events.signing-key");
    }
}
