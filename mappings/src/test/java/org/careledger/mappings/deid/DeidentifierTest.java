package org.careledger.mappings.deid;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class DeidentifierTest {

    private static final Clock NOV_2026 = Clock.fixed(Instant.parse("2026-11-28T00:00:00Z"), ZoneOffset.UTC);
    private static final DeidContext CONTEXT = new DeidContext("pt-1", new FreeTextScrubber(List.of(), Map.of()), (a, id) -> "pt-x");

    @Test
    void removesEveryElementWithoutARuleAndTagsTheResource() throws Exception {
        DeidPolicy policy = DeidPolicy.of("test", Map.of("Observation.status", "keep"));
        ObjectNode resource = (ObjectNode) new ObjectMapper().readTree("""
                {"resourceType":"Observation","id":"o1","status":"final",
                 "note":[{"text":"called Mrs Example at home"}],"extension":[{"url":"x","valueString":"555-0100"}]}""");

        Set<SecurityLabel> labels = new Deidentifier(policy, NOV_2026, org.careledger.mappings.MappingHarness.KEYS).apply(resource, Set.of(), CONTEXT);

        assertThat(resource.fieldNames()).toIterable().containsExactlyInAnyOrder("resourceType", "id", "status", "meta");
        assertThat(labels).containsExactly(SecurityLabel.REDACTED);
        assertThat(resource.toString()).doesNotContain("Example").doesNotContain("555-0100");
    }

    @Test
    void keepsAWholeSubtreeUnderAKeepRule() throws Exception {
        DeidPolicy policy = DeidPolicy.of("test", Map.of("Observation.code", "keep"));
        ObjectNode resource = (ObjectNode) new ObjectMapper().readTree("""
                {"resourceType":"Observation","code":{"coding":[{"system":"http://loinc.org","code":"718-7"}]}}""");

        Set<SecurityLabel> labels = new Deidentifier(policy, NOV_2026, org.careledger.mappings.MappingHarness.KEYS).apply(resource, Set.of(), CONTEXT);

        assertThat(resource.path("code").path("coding").get(0).path("code").asText()).isEqualTo("718-7");
        assertThat(labels).isEmpty();
    }
}
