package org.careledger.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The sample feed in {@code docker/samples/}: HL7 v2 messages, one per file, played in file-name
 * order, and FHIR R4 claims ({@code fhir/*.json}) posted over HTTP.
 */
public record SampleFeed(List<Sample> messages, List<String> fhirClaims) {

    public record Sample(String file, String er7) {
        /** MSH-10, read without parsing. */
        public String controlId() {
            String msh = er7.split("[\r\n]", 2)[0];
            return msh.split("\\|", -1)[9];
        }
    }

    public static SampleFeed load(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Sample> samples = files.filter(f -> f.toString().endsWith(".hl7")).sorted()
                    .map(f -> new Sample(f.getFileName().toString(), read(f)))
                    .toList();
            if (samples.isEmpty()) {
                throw new IOException("no .hl7 samples in " + dir);
            }
            return new SampleFeed(samples, fhirClaims(dir.resolve("fhir")));
        }
    }

    private static List<String> fhirClaims(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("claim-") && f.toString().endsWith(".json")).sorted()
                    .map(SampleFeed::read).toList();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
