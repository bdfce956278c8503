package org.careledger.routes.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithName;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.careledger.connectors.mllp.MllpTls;
import org.careledger.platform.config.Millis;

/**
 * The MLLP listener's settings ({@code careledger.mllp.*}), checked when the app starts: a value of
 * the wrong type or out of range stops it with the key's name. The defaults are in
 * application.properties; the Camel route reads the timeouts through placeholders, so they are
 * declared here too, to be checked before the route starts.
 */
@ConfigMapping(prefix = "careledger.mllp")
public interface MllpSettings {

    /** The address the listener binds. */
    @NotBlank
    String host();

    @Min(0)
    @Max(65535)
    int port();

    /** A message above this many bytes gets AR. */
    @Positive
    int maxMessageBytes();

    /** A frame above this many bytes resets its connection, since reading it whole is what the limit prevents. */
    @Positive
    long maxFrameBytes();

    /** A connection with no traffic for this long is closed. */
    @WithName("idle-timeout-ms")
    @WithConverter(Millis.class)
    Duration idleTimeout();

    @WithName("receive-timeout-ms")
    @WithConverter(Millis.class)
    Duration receiveTimeout();

    @WithName("read-timeout-ms")
    @WithConverter(Millis.class)
    Duration readTimeout();

    @Positive
    int maxConnections();

    /** Connections the OS queues while the listener accepts. */
    @Positive
    int backlog();

    /** On stop, how long the messages being stored may take to get their ACK. */
    @WithName("drain-timeout-ms")
    @WithConverter(Millis.class)
    Duration drainTimeout();

    Tls tls();

    /** TLS on the MLLP port: a PKCS#12 key store, or a PEM certificate chain and key. */
    interface Tls {

        boolean enabled();

        /** NONE, WANT or REQUIRE (mutual TLS against client-ca). */
        MllpTls.ClientAuth clientAuth();

        Optional<Path> keyStore();

        Optional<String> keyStorePassword();

        Optional<Path> certificate();

        Optional<Path> privateKey();

        Optional<Path> clientCa();

        Optional<String> clientCaPassword();

        /** With REQUIRE: the subject CNs of the client certificates bound to this feed. */
        Optional<List<String>> clientCommonNames();
    }
}
