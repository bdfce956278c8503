package org.careledger.routes.kafka;

import java.util.ArrayList;
import java.util.List;

import io.quarkus.runtime.configuration.MemorySize;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.careledger.routes.config.MllpSettings;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The size limits along the write path must agree, or a message that passes one limit fails at the
 * next on every resend and a lock-step feed stalls behind it: every HL7 message up to the intake cap
 * and every FHIR body up to the HTTP cap must fit in one Kafka record once encrypted and given its
 * headers. Checked before any route starts; the message names the settings.
 */
@Singleton
public class StorageLimits {

    /** AES-GCM adds 28 bytes; record headers (source, charset, digest...) and batch framing stay far below this. */
    static final long RECORD_ALLOWANCE = 64 * 1024;

    @Inject
    MllpSettings mllp;
    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxHttpBody;
    @ConfigProperty(name = "careledger.kafka.max-record-bytes")
    long maxRecordBytes;

    @PostConstruct
    void check() {
        List<String> conflicts = conflicts(mllp.maxMessageBytes(), mllp.maxFrameBytes(), maxHttpBody.asLongValue(), maxRecordBytes);
        if (!conflicts.isEmpty()) {
            throw new IllegalStateException("refusing to start with size limits that disagree: " + String.join("; ", conflicts));
        }
    }

    static List<String> conflicts(long maxMessage, long maxFrame, long maxHttpBody, long maxRecord) {
        List<String> out = new ArrayList<>();
        if (maxMessage + RECORD_ALLOWANCE > maxRecord) {
            out.add("careledger.mllp.max-message-bytes (" + maxMessage + ") plus " + RECORD_ALLOWANCE
                    + " bytes of encryption and headers is more than careledger.kafka.max-record-bytes (" + maxRecord + ")");
        }
        if (maxHttpBody + RECORD_ALLOWANCE > maxRecord) {
            out.add("careledger.http.max-body (" + maxHttpBody + ") plus " + RECORD_ALLOWANCE
                    + " bytes is more than careledger.kafka.max-record-bytes (" + maxRecord + "): a FHIR body is stored as one record");
        }
        if (maxFrame < maxMessage) {
            out.add("careledger.mllp.max-frame-bytes (" + maxFrame + ") is less than careledger.mllp.max-message-bytes ("
                    + maxMessage + "): a message under the limit would reset the connection");
        }
        return out;
    }
}
