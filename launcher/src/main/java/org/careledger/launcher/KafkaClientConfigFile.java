package org.careledger.launcher;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

import org.careledger.devstack.KafkaAccess;

/**
 * Writes a principal's Kafka client settings as a properties file, readable by its owner only, the
 * form Kafka's own tools take ({@code kafka-console-consumer.sh --consumer.config}, {@code
 * kafka-topics.sh --command-config}): how an operator looks at the dev stack's SASL_SSL broker.
 */
final class KafkaClientConfigFile {

    private KafkaClientConfigFile() {
    }

    static Path write(Path file, KafkaAccess access) {
        Properties props = new Properties();
        access.config().forEach((key, value) -> props.setProperty(key, value.toString()));
        StringWriter text = new StringWriter();
        try {
            props.store(text, "CareLedger dev stack: Kafka client settings of one principal (holds its password)");
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            return Files.writeString(file, text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
