package org.careledger.mappings.phi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.careledger.mappings.MappingHarness;
import org.careledger.mappings.deid.DeidPolicy;
import org.careledger.mappings.engine.FhirMappings;
import org.careledger.mappings.engine.MappingException;
import org.careledger.mappings.event.FhirEventMapper;
import org.careledger.mappings.event.MappedEvent;
import org.junit.jupiter.api.Test;

/**
 * Every corpus message through parse, map and de-identify: no identifier the input carries may appear
 * in any event, and no dead-letter reason may carry one either. Fails on the first leak, naming the
 * input, the identifier's source field and the JSON pointer where it was found.
 */
class CorpusLeakTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyHl7MessageInTheCorpusMapsWithoutLeakingAnIdentifier() throws Exception {
        List<Corpus.Item> corpus = new java.util.ArrayList<>(new Corpus(Corpus.ROOT).publicHl7());
        corpus.addAll(new Corpus(Corpus.ROOT).goldenInEveryVersion(20261128L));
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(100);

        MappingHarness harness = new MappingHarness();
        Map<String, Integer> deadLetters = new TreeMap<>();
        int events = 0;
        int canaries = 0;
        for (Corpus.Item item : corpus) {
            PhiScanner scanner = PhiScanner.ofHl7(item.text());
            canaries += scanner.size();
            try {
                for (MappedEvent event : harness.map(item.text(), item.name())) {
                    events++;
                    assertNoLeak(scanner, JSON.readTree(event.json()), item.name());
                    scanner.firstLeakIn(event.subject() + event.topic() + event.type())
                            .ifPresent(source -> fail("leak of " + source + " from " + item.name() + " in the Kafka key or topic"));
                }
            } catch (MappingException dlq) {
                deadLetters.merge(dlq.reason(), 1, Integer::sum);
                scanner.firstLeakIn(dlq.getMessage())
                        .ifPresent(source -> fail("leak of " + source + " from " + item.name() + " in a dead-letter reason"));
            } catch (Exception parse) {
                deadLetters.merge("parse-error", 1, Integer::sum);
                scanner.firstLeakIn(String.valueOf(parse.getMessage()))
                        .ifPresent(source -> fail("leak of " + source + " from " + item.name() + " in a parse error"));
            }
        }
        System.out.printf("HL7 corpus: %d messages, %d canaries, %d events, dead letters %s%n",
                corpus.size(), canaries, events, deadLetters);
        assertThat(canaries).as("the scanner must know identifiers to find").isGreaterThan(corpus.size() * 5);
        assertThat(events).as("most of the corpus must map, or the test proves nothing").isGreaterThan(corpus.size() * 9 / 10);
    }

    @Test
    void everyFhirResourceInTheCorpusMapsWithoutLeakingAnIdentifier() throws Exception {
        List<Corpus.Item> corpus = new Corpus(Corpus.ROOT).fhir();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(30);
        MappingHarness harness = new MappingHarness();
        FhirEventMapper mapper = new FhirEventMapper(FhirMappings.load(java.util.Optional.empty()), harness.deidentifier, harness.pseudonyms);
        Map<String, Integer> deadLetters = new TreeMap<>();
        int events = 0;
        int canaries = 0;
        for (Corpus.Item item : corpus) {
            PhiScanner scanner = PhiScanner.ofFhir(JSON.readTree(item.text().replace("\uFEFF", "")));
            canaries += scanner.size();
            try {
                for (MappedEvent event : mapper.map(item.text().getBytes(StandardCharsets.UTF_8), "feed-f")) {
                    events++;
                    assertNoLeak(scanner, JSON.readTree(event.json()), item.name());
                }
            } catch (MappingException dlq) {
                deadLetters.merge(dlq.reason(), 1, Integer::sum);
                scanner.firstLeakIn(dlq.getMessage())
                        .ifPresent(source -> fail("leak of " + source + " from " + item.name() + " in a dead-letter reason"));
            }
        }
        System.out.printf("FHIR corpus: %d inputs, %d canaries, %d events, dead letters %s%n", corpus.size(), canaries, events, deadLetters);
        assertThat(canaries).isGreaterThan(corpus.size());
        assertThat(events).isGreaterThan(corpus.size());
    }

    private static void assertNoLeak(PhiScanner scanner, JsonNode event, String input) {
        List<String> leaks = scanner.leaksIn(event);
        if (!leaks.isEmpty()) {
            fail("leak of " + leaks.get(0) + " in the event from " + input + (leaks.size() > 1 ? " (and " + (leaks.size() - 1) + " more)" : ""));
        }
    }
}
