package org.careledger.routes.config;

import java.nio.charset.Charset;
import java.time.Duration;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithName;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Positive;
import org.careledger.platform.config.CharsetName;
import org.careledger.platform.config.Millis;

/**
 * What the HL7 v2 intake accepts and how the batch-file inbox retries ({@code careledger.hl7.*}),
 * checked when the app starts; the defaults are in application.properties.
 */
@ConfigMapping(prefix = "careledger.hl7")
public interface Hl7Settings {

    /** The charset of a message whose MSH-18 is empty or unknown. */
    @WithConverter(CharsetName.class)
    Charset defaultCharset();

    /** MSH-3 of the ACKs this app sends. */
    @NotBlank
    String applicationName();

    /** The versions (MSH-12) accepted; any other gets AR. */
    @NotEmpty
    Set<String> versions();

    /** The processing modes (MSH-11) accepted; any other gets AR. */
    @NotEmpty
    Set<String> processingIds();

    /** Where batch files are dropped. */
    @NotBlank
    String inboxDir();

    /** Readings of a file with an unstored message before it goes to .error/. */
    @Positive
    int inboxMaxAttempts();

    @WithName("inbox-retry-initial-ms")
    @WithConverter(Millis.class)
    Duration inboxRetryInitial();

    @WithName("inbox-retry-max-ms")
    @WithConverter(Millis.class)
    Duration inboxRetryMax();

    /** A resend of (MSH-3, MSH-4, MSH-10) within this window is acknowledged again and not stored twice. */
    Duration duplicateWindow();
}
