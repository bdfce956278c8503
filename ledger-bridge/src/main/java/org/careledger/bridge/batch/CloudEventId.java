package org.careledger.bridge.batch;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The {@code id} of a structured-mode CloudEvent record value: a non-empty JSON string, or empty. */
public final class CloudEventId {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CloudEventId() {
    }

    public static Optional<String> of(byte[] recordValue) {
        try {
            JsonNode node = JSON.readTree(recordValue);
            JsonNode id = node == null ? null : node.get("id");
            return id != null && id.isTextual() && !id.asText().isEmpty() ? Optional.of(id.asText()) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
