package org.careledger.mappings.phi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import ca.uhn.hl7v2.HL7Exception;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.careledger.mappings.MappingHarness;
import org.careledger.mappings.engine.MappingException;
import org.careledger.mappings.event.MappedEvent;

/** Properties of the whole HL7 path: random people never leak, random damage never crashes. */
class MapperProperties {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final MappingHarness harness = new MappingHarness();

    record Person(String family, String given, String mrn, String phone, String street, String city, String dob,
                  String relative, String visit, String admitted) {
    }

    @Provide
    Arbitrary<Person> people() {
        Arbitrary<String> name = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz").ofMinLength(5).ofMaxLength(12)
                .map(s -> Character.toUpperCase(s.charAt(0)) + s.substring(1) + "x");
        Arbitrary<String> id = Arbitraries.strings().withChars("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789").ofMinLength(6).ofMaxLength(12).map(s -> "Q" + s);
        Arbitrary<String> phone = Arbitraries.integers().between(2000000, 9999999).map(n -> "(" + (200 + n % 700) + ")555-" + (n % 9000 + 1000));
        Arbitrary<String> date = Arbitraries.integers().between(0, 36000).map(d -> java.time.LocalDate.of(1930, 1, 1).plusDays(d)
                .toString().replace("-", ""));
        return Combinators.combine(List.of(name, name, id, phone, name.map(n -> (n.length() * 37) + " " + n + " Road"), name, date,
                name, id, date)).as(v -> new Person((String) v.get(0), (String) v.get(1), (String) v.get(2), (String) v.get(3),
                (String) v.get(4), (String) v.get(5), (String) v.get(6), (String) v.get(7), (String) v.get(8), (String) v.get(9)));
    }

    @Property(tries = 300)
    void randomPatientNextOfKinAndVisitContentsNeverLeak(@ForAll("people") Person p, @ForAll("messageTypes") String type) throws Exception {
        String er7 = String.join("\r",
                "MSH|^~\\&|EPIC|STMARYS|CL|CL|20261101083000||" + type + "|P1|P|2.5.1",
                "PID|1||" + p.mrn() + "^^^STMARYS^MR||" + p.family().toUpperCase() + "^" + p.given() + "||" + p.dob() + "|F|||"
                        + p.street() + "^^" + p.city() + "^PA^15213||" + p.phone(),
                "NK1|1|" + p.relative() + "^" + p.given() + "|SPO|" + p.street() + "^^" + p.city() + "^PA^15213|" + p.phone(),
                "PV1|1|I|4W^1^A||||||||||||||||" + p.visit() + "|||||||||||||||||||||||||" + p.admitted() + "0800",
                "OBX|1|TX|48767-8^Comment^LN||" + p.given() + " " + p.family() + " (" + p.mrn() + ") at " + p.street() + ", "
                        + p.city() + "; call " + p.relative() + " " + p.phone() + "; visit " + p.visit() + "||||||F",
                "NTE|1||" + p.family().toLowerCase() + " born " + p.dob()) + "\r";
        PhiScanner scanner = PhiScanner.ofHl7(er7);
        for (MappedEvent event : harness.map(er7, "P1")) {
            assertThat(scanner.leaksIn(JSON.readTree(event.json()))).isEmpty();
            String iso = p.admitted().substring(0, 4) + "-" + p.admitted().substring(4, 6) + "-" + p.admitted().substring(6, 8);
            assertThat(new String(event.json(), StandardCharsets.UTF_8)).doesNotContain(iso).doesNotContain(p.admitted());
        }
    }

    @Provide
    Arbitrary<String> messageTypes() {
        return Arbitraries.of("ADT^A01", "ADT^A08", "ORU^R01", "DFT^P03", "BAR^P01");
    }

    @Provide
    Arbitrary<Tuple.Tuple2<String, List<Integer>>> damagedGoldens() throws Exception {
        List<String> goldens;
        try (var files = Files.list(Corpus.ROOT.resolve("golden"))) {
            goldens = files.filter(f -> f.toString().endsWith(".hl7")).sorted().map(f -> {
                try {
                    return Files.readString(f);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        return Combinators.combine(Arbitraries.of(goldens), Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMinSize(1).ofMaxSize(8))
                .as(Tuple::of);
    }

    /** Each seed picks a place and a kind of damage: delete, duplicate, delimiter, truncation, junk byte, lost or swapped segment. */
    static String damage(String er7, List<Integer> seeds) {
        StringBuilder text = new StringBuilder(er7);
        for (int seed : seeds) {
            if (text.length() < 2) {
                break;
            }
            int at = seed % text.length();
            switch ((seed / 7) % 7) {
                case 0 -> text.deleteCharAt(at);
                case 1 -> text.insert(at, text.charAt(at));
                case 2 -> text.insert(at, "|^~\\&\r".charAt(seed % 6));
                case 3 -> text.setLength(Math.max(at, 12));
                case 4 -> text.insert(at, (char) (seed % 0x2FF));
                case 5 -> {
                    int end = text.indexOf("\r", at);
                    int start = text.lastIndexOf("\r", at);
                    if (end > start && start > 0) {
                        text.delete(start, end);
                    }
                }
                default -> {
                    String[] segments = text.toString().split("\r");
                    if (segments.length > 2) {
                        int i = 1 + seed % (segments.length - 1);
                        int j = 1 + (seed / 13) % (segments.length - 1);
                        String s = segments[i];
                        segments[i] = segments[j];
                        segments[j] = s;
                        text = new StringBuilder(String.join("\r", segments));
                    }
                }
            }
        }
        return text.toString();
    }

    @Property(tries = 500)
    void randomStructuralDamageEndsAsEventsOrADeadLetterNeverACrash(@ForAll("damagedGoldens") Tuple.Tuple2<String, List<Integer>> input)
            throws Exception {
        String damaged = damage(input.get1(), input.get2());
        try {
            List<MappedEvent> events = harness.map(damaged, "D1");
            PhiScanner scanner = PhiScanner.ofHl7(damaged);
            for (MappedEvent event : events) {
                assertThat(scanner.leaksIn(JSON.readTree(event.json()))).isEmpty();
            }
        } catch (MappingException deadLetter) {
            assertThat(deadLetter.reason()).matches("[a-z-]+");
        } catch (HL7Exception unparseable) {
            // the routes app answers AE/AR for these before they are stored; nothing to map
        }
    }
}
