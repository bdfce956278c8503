package org.careledger.devstack;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The security every node of a secured dev cluster shares: clients on one {@code SASL_SSL} listener
 * with SCRAM-SHA-512 and a certificate from a CA made for this cluster; the controller listener takes
 * only the brokers' own PLAIN login; KRaft's {@code StandardAuthorizer} denies whatever no ACL allows.
 * Every password is random per cluster and lives only in this process and the nodes' 0600 files.
 */
final class ClusterSecurity {

    /** The brokers' own principal (inter-broker and controller traffic): a super user. */
    static final String BROKER_USER = "careledger-broker";
    static final String SCRAM = "SCRAM-SHA-512";

    private final Path caPem;
    private final Path keyStore;
    private final String keyStorePassword;
    private final String brokerPassword;
    private final List<String> superUsers;
    private final Map<String, String> passwords;

    private ClusterSecurity(Path caPem, Path keyStore, String keyStorePassword, String brokerPassword,
                            List<String> superUsers, Map<String, String> passwords) {
        this.caPem = caPem;
        this.keyStore = keyStore;
        this.keyStorePassword = keyStorePassword;
        this.brokerPassword = brokerPassword;
        this.superUsers = superUsers;
        this.passwords = passwords;
    }

    /** A fresh CA, one broker certificate for 127.0.0.1 that every node presents, and a password per user. */
    static ClusterSecurity create(Path tlsDir, KafkaNode.Security spec) throws Exception {
        DevPki pki = new DevPki("CareLedger dev Kafka CA");
        String storePassword = randomSecret();
        Path keyStore = DevPki.writePkcs12(tlsDir.resolve("broker.p12"),
                DevPki.keyStore(pki.issue("careledger-kafka"), storePassword.toCharArray(), pki.ca().certificate()),
                storePassword.toCharArray());
        Path caPem = DevPki.writePem(tlsDir.resolve("ca.pem"), pki.ca().certificate());
        Map<String, String> passwords = new LinkedHashMap<>();
        spec.users().forEach(user -> passwords.put(user, randomSecret()));
        return new ClusterSecurity(caPem, keyStore, storePassword, randomSecret(), List.copyOf(spec.superUsers()), passwords);
    }

    void applyTo(Properties props) {
        String brokerLogin = jaas("org.apache.kafka.common.security.plain.PlainLoginModule", BROKER_USER, brokerPassword)
                .replace(";", " user_" + BROKER_USER + "=\"" + brokerPassword + "\";");
        props.put("listener.security.protocol.map", "CLIENT:SASL_SSL,CONTROLLER:SASL_PLAINTEXT");
        props.put("inter.broker.listener.name", "CLIENT");
        props.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        props.put("sasl.mechanism.controller.protocol", "PLAIN");
        props.put("listener.name.client.sasl.enabled.mechanisms", SCRAM + ",PLAIN");
        props.put("listener.name.client.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        props.put("listener.name.client.plain.sasl.jaas.config", brokerLogin);
        props.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        props.put("listener.name.controller.plain.sasl.jaas.config", brokerLogin);
        props.put("listener.name.client.ssl.keystore.type", "PKCS12");
        props.put("listener.name.client.ssl.keystore.location", keyStore.toString());
        props.put("listener.name.client.ssl.keystore.password", keyStorePassword);
        // brokers reach each other by address too: the certificate names 127.0.0.1
        props.put("listener.name.client.ssl.truststore.type", "PEM");
        props.put("listener.name.client.ssl.truststore.location", caPem.toString());
        props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        props.put("allow.everyone.if.no.acl.found", "false");
        List<String> supers = new ArrayList<>(List.of("User:" + BROKER_USER));
        superUsers.forEach(u -> supers.add("User:" + u));
        props.put("super.users", String.join(";", supers));
    }

    /** The SCRAM credentials written into the metadata log when a node is formatted. */
    List<String> scramArguments() {
        List<String> scram = new ArrayList<>();
        passwords.forEach((user, password) -> scram.add(SCRAM + "=[name=" + user + ",password=" + password + "]"));
        return scram;
    }

    /** One user's client settings. */
    KafkaAccess access(String user, String bootstrap) {
        String password = passwords.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no Kafka user " + user);
        }
        return new KafkaAccess(bootstrap, Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", SCRAM,
                "sasl.jaas.config", jaas("org.apache.kafka.common.security.scram.ScramLoginModule", user, password),
                "ssl.truststore.type", "PEM",
                "ssl.truststore.location", caPem.toString()));
    }

    String firstSuperUser() {
        return superUsers.get(0);
    }

    private static String jaas(String module, String user, String password) {
        return module + " required username=\"" + user + "\" password=\"" + password + "\";";
    }

    /** 24 random bytes, base64url: no character that a JAAS string or SCRAM argument would need quoted. */
    private static String randomSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
