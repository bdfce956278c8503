package org.careledger.mappings;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;

/** Test messages from {@code src/test/resources/hl7}, one per file, parsed with HAPI. */
public final class Hl7Fixtures {

    private Hl7Fixtures() {
    }

    public static String text(String name) throws IOException {
        try (InputStream in = Hl7Fixtures.class.getResourceAsStream("/hl7/" + name)) {
            if (in == null) {
                throw new IOException("no test message " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    public static Message parse(String name) throws Exception {
        try (HapiContext context = new DefaultHapiContext()) {
            context.setValidationContext(ValidationContextFactory.noValidation());
            return context.getPipeParser().parse(text(name));
        }
    }
}
