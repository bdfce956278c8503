package org.careledger.connectors.fhir;

import java.io.IOException;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

/**
 * One streaming pass over a JSON body before HAPI sees it, for what HAPI lets through: duplicate
 * keys (HAPI keeps the last, so two readers could see two different resources) and nesting deep
 * enough to cost stack. The answer names the rule, never the key or value.
 */
final class JsonShape {

    static final int MAX_DEPTH = 200;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();

    private JsonShape() {
    }

    /** Empty when the body is well-formed JSON without duplicate keys; otherwise what is wrong with it. */
    static Optional<String> problem(byte[] body, int offset) {
        try (JsonParser parser = FACTORY.createParser(body, offset, body.length - offset)) {
            while (parser.nextToken() != null) {
                // reading every token is the check
            }
            return Optional.empty();
        } catch (StreamConstraintsException e) {
            return Optional.of("JSON nested deeper than " + MAX_DEPTH + " levels");
        } catch (IOException e) {
            String message = String.valueOf(e.getMessage());
            return Optional.of(message.startsWith("Duplicate field") ? "duplicate JSON key" : "not well-formed JSON");
        }
    }
}
