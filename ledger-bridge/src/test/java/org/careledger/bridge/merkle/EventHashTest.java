package org.careledger.bridge.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.web3j.utils.Numeric;

class EventHashTest {

    @Test
    void hashesTheRfc8785FormAsTheJavaScriptCanonicalizerDoes() throws Exception {
        JsonNode hashes;
        try (InputStream in = EventHashTest.class.getResourceAsStream("/merkle/oz-vectors.json")) {
            hashes = new ObjectMapper().readTree(in).get("hashes");
        }
        assertThat(hashes.size()).isGreaterThanOrEqualTo(2);
        for (JsonNode vector : hashes) {
            byte[] value = vector.get("json").asText().getBytes(StandardCharsets.UTF_8);
            assertThat(Numeric.toHexString(EventHash.of(value))).isEqualTo(vector.get("eventHash").asText());
        }
    }

    @Test
    void keyOrderAndWhitespaceDoNotChangeTheHash() throws Exception {
        byte[] a = "{\"b\":1,\"a\":[true,null]}".getBytes(StandardCharsets.UTF_8);
        byte[] b = "{ \"a\" : [ true , null ] ,\n \"b\" : 1.0 }".getBytes(StandardCharsets.UTF_8);
        byte[] c = "{\"a\":[true,null],\"b\":2}".getBytes(StandardCharsets.UTF_8);

        assertThat(EventHash.of(a)).isEqualTo(EventHash.of(b));
        assertThat(EventHash.of(a)).isNotEqualTo(EventHash.of(c));
    }
}
