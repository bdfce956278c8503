package org.careledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.careledger.devstack.AnvilNode;
import org.careledger.devstack.FreePorts;
import org.junit.jupiter.api.Test;

/**
 * Outside the dev profile neither app starts with a public development secret, and the refusal
 * names each setting without its value; secrets can instead come from files, one per setting.
 */
class SecretsEndToEndTest {

    private static final Path ROUTES_JAR = SharedHub.home().resolve("routes/target/quarkus-app/quarkus-run.jar");
    private static final Path BRIDGE_JAR = SharedHub.home().resolve("ledger-bridge/target/quarkus-app/quarkus-run.jar");
    private static final Path CLAIMS_JAR = SharedHub.home().resolve("claims/target/quarkus-app/quarkus-run.jar");

    private static Map<String, String> routesDevSecrets() throws IOException {
        return devSecrets("routes");
    }

    /**
     * The {@code %dev.} secrets of an app's application.properties, by setting: the keys. Its Kafka
     * topic durability and the processing ids it takes have dev values too, but they are no secrets.
     */
    private static Map<String, String> devSecrets(String app) throws IOException {
        Map<String, String> secrets = new LinkedHashMap<>();
        for (String line : Files.readAllLines(SharedHub.home().resolve(app + "/src/main/resources/application.properties"))) {
            if (line.startsWith("%dev.careledger.") && line.split("=", 2)[0].endsWith("key")) {
                String[] kv = line.substring(5).split("=", 2);
                secrets.put(kv[0], kv[1]);
            }
        }
        return secrets;
    }

    private static Map<String, String> prodRoutesConfig(String name, Path runDir) throws Exception {
        HubPorts ports = new HubPorts(FreePorts.pick(), FreePorts.pick(), 0, 0, 0, 0, 0);
        Map<String, String> config = SharedHub.separateRoutesConfig(name, ports, runDir);
        config.put("quarkus.profile", "prod");
        return config;
    }

    @Test
    void theRoutesAppRefusesEachPublicDevSecretOutsideDevNamingTheSetting() throws Exception {
        Path runDir = Files.createDirectories(SharedHub.home().resolve("launcher/target/e2e-secrets"));
        Map<String, String> dev = routesDevSecrets();
        assertThat(dev).containsKeys("careledger.raw.key", "careledger.vault.hmac-key", "careledger.vault.encryption-key",
                "careledger.deid.hash-key", "careledger.deid.encryption-key");
        Map<String, String> config = prodRoutesConfig("secrets-routes", runDir);
        config.putAll(dev);

        String log = SharedHub.refusal("routes-prod-dev-secrets", ROUTES_JAR, config, runDir);

        for (Map.Entry<String, String> secret : dev.entrySet()) {
            assertThat(log).contains(secret.getKey()).doesNotContain(secret.getValue());
        }
        assertThat(log).contains("public development value");
    }

    @Test
    void theRoutesAppRefusesAPublicKeyKeptAsARetiredKeyOutsideDev() throws Exception {
        Path runDir = Files.createDirectories(SharedHub.home().resolve("launcher/target/e2e-secrets"));
        Map<String, String> config = prodRoutesConfig("secrets-retired", runDir);
        config.put("smallrye.config.source.file.locations", ownSecretFiles(runDir).toString());
        Map<String, String> dev = routesDevSecrets();
        // each retired-keys list, with the secret whose public dev value it keeps
        Map<String, String> retiredLists = Map.of("careledger.raw.retired-keys", "careledger.raw.key",
                "careledger.vault.retired-hmac-keys", "careledger.vault.hmac-key",
                "careledger.vault.retired-encryption-keys", "careledger.vault.encryption-key",
                "careledger.deid.retired-hash-keys", "careledger.deid.hash-key",
                "careledger.deid.retired-encryption-keys", "careledger.deid.encryption-key");
        retiredLists.forEach((list, secret) -> config.put(list, "old-1:" + dev.get(secret)));

        String log = SharedHub.refusal("routes-prod-retired-dev-key", ROUTES_JAR, config, runDir);

        assertThat(log).contains("public development value");
        retiredLists.forEach((list, secret) -> assertThat(log).contains(list).doesNotContain(dev.get(secret)));
    }

    @Test
    void theRoutesAppNamesAMissingSecretOutsideDev() throws Exception {
        Path runDir = Files.createDirectories(SharedHub.home().resolve("launcher/target/e2e-secrets"));
        Map<String, String> config = prodRoutesConfig("secrets-missing", runDir);

        // the typed de-identification settings are checked first, before any bean takes a secret
        assertThat(SharedHub.refusal("routes-prod-no-secrets", ROUTES_JAR, config, runDir))
                .contains("careledger.deid.hash-key is required").contains("careledger.deid.encryption-key is required");
    }

    /** Fresh secrets of the routes app, as Kubernetes mounts a Secret: one file per key, named after the setting. */
    private static Path ownSecretFiles(Path runDir) throws Exception {
        Path secrets = Files.createDirectories(runDir.resolve("mounted-secret"));
        SecureRandom random = new SecureRandom();
        for (String setting : routesDevSecrets().keySet()) {
            byte[] key = new byte[32];
            random.nextBytes(key);
            Files.writeString(secrets.resolve(setting), Base64.getEncoder().encodeToString(key) + "\n");
        }
        return secrets;
    }

    @Test
    void theRoutesAppRefusesKafkaInTheClearOutsideDev() throws Exception {
        Path runDir = Files.createDirectories(SharedHub.home().resolve("launcher/target/e2e-secrets"));
        Map<String, String> config = prodRoutesConfig("secrets-plaintext-kafka", runDir);
        config.put("smallrye.config.source.file.locations", ownSecretFiles(runDir).toString());
        config.put("kafka.security.protocol", "PLAINTEXT");

        assertThat(SharedHub.refusal("routes-prod-plaintext-kafka", ROUTES_JAR, config, runDir))
                .contains("kafka.security.protocol is PLAINTEXT");
    }

    @Test
    void theRoutesAppStartsOutsideDevWithItsOwnSecretsReadFromFiles() throws Exception {
        Path runDir = Files.createDirectories(SharedHub.home().resolve("launcher/target/e2e-secrets"));
        Map<String, String> config = prodRoutesConfig("secrets-files", runDir);
        config.put("smallrye.config.source.file.locations", ownSecretFiles(runDir).toString());

        try (AppProcess app = AppProcess.start("routes-prod-file-secrets", ROUTES_JAR, config,
                runDir.resolve("logs/routes-prod-file-secrets.log"), Integer.parseInt(config.get("quarkus.http.port")))) {
            app.awaitReady(Duration.ofSeconds(120));
            assertThat(app.isAlive()).isTrue();
        }
    }

    @Test
    void theBridgeRefusesAnvilsWellKnownAnchoringKeyOutsideDev() throws Exception {
        Path runDir = Files.createDirectories(SharedHub.home().resolve("launcher/target/e2e-secrets"));
        Map<String, String> config = SharedHub.separateBridgeConfig("secrets");
        config.put("quarkus.profile", "prod");
        assertThat(config.get("careledger.ledger.private-key")).isEqualToIgnoringCase(AnvilNode.BRIDGE_KEY);

        String log = SharedHub.refusal("bridge-prod-anvil-keys", BRIDGE_JAR, config, runDir);

        assertThat(log).contains("careledger.ledger.private-key").doesNotContain(AnvilNode.BRIDGE_KEY.substring(2));
    }

    @Test
    void theClaimsAppRefusesAnvilsWellKnownProviderKeyAndItsDevWebhookKeyOutsideDev() throws Exception {
        Path runDir = Files.createDirectories(SharedHub.home().resolve("launcher/target/e2e-secrets"));
        Map<String, String> config = SharedHub.separateClaimsConfig("secrets");
        config.put("quarkus.profile", "prod");
        assertThat(config.get("careledger.claims.provider-key")).isEqualToIgnoringCase(AnvilNode.PROVIDER_KEY);
        Map<String, String> dev = devSecrets("claims");
        assertThat(dev).containsKey("careledger.webhooks.encryption-key");
        config.putAll(dev);

        String log = SharedHub.refusal("claims-prod-anvil-keys", CLAIMS_JAR, config, runDir);

        assertThat(log).contains("careledger.claims.provider-key", "careledger.webhooks.encryption-key")
                .doesNotContain(AnvilNode.PROVIDER_KEY.substring(2)).doesNotContain(dev.get("careledger.webhooks.encryption-key"));
    }

    @Test
    void theClaimsAppRefusesItsDevWebhookKeyKeptAsARetiredKeyOutsideDev() throws Exception {
        Path runDir = Files.createDirectories(SharedHub.home().resolve("launcher/target/e2e-secrets"));
        Map<String, String> config = SharedHub.separateClaimsConfig("secrets-retired");
        config.put("quarkus.profile", "prod");
        // its own provider and sealing keys, so only the retired list can be refused
        config.put("careledger.claims.provider-key", org.web3j.utils.Numeric.toHexStringWithPrefixZeroPadded(
                org.web3j.crypto.Keys.createEcKeyPair().getPrivateKey(), 64));
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        config.put("careledger.webhooks.encryption-key-id", "prod-2");
        config.put("careledger.webhooks.encryption-key", Base64.getEncoder().encodeToString(key));
        String devKey = devSecrets("claims").get("careledger.webhooks.encryption-key");
        config.put("careledger.webhooks.retired-keys", "dev-1:" + devKey);

        String log = SharedHub.refusal("claims-prod-retired-dev-key", CLAIMS_JAR, config, runDir);

        assertThat(log).contains("careledger.webhooks.retired-keys").contains("public development value")
                .doesNotContain("careledger.claims.provider-key").doesNotContain(devKey);
    }
}
