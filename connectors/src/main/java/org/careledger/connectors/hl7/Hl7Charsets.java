package org.careledger.connectors.hl7;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Maps HL7 table 0211 character set names (MSH-18) to Java charsets. */
public final class Hl7Charsets {

    private static final Map<String, Charset> BY_HL7_NAME = Map.of(
            "ASCII", StandardCharsets.US_ASCII,
            "8859/1", StandardCharsets.ISO_8859_1,
            "8859/15", Charset.forName("ISO-8859-15"),
            "UNICODE UTF-8", StandardCharsets.UTF_8,
            "UTF-8", StandardCharsets.UTF_8);

    private Hl7Charsets() {
    }

    /** The charset named by MSH-18, or empty when the name is not one we know. */
    public static Optional<Charset> forMsh18(String msh18) {
        if (msh18 == null || msh18.isBlank()) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_HL7_NAME.get(msh18.trim().toUpperCase(Locale.ROOT)));
    }
}
