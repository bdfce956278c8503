package org.careledger.mappings.phi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The leak-test corpus: the public samples (src/test/resources/corpus, sources and licences in its
 * MANIFEST.md), each batch file split into its messages, and the twenty golden messages re-issued in
 * every HL7 version from 2.3 to 2.8, each copy with its own freshly invented patient, relatives,
 * numbers and dates planted in the same places, free text included.
 */
public final class Corpus {

    /** Where the corpus is when the mappings module's own tests run. */
    public static final Path ROOT = Path.of("src/test/resources");
    public static final List<String> VERSIONS = List.of("2.3", "2.4", "2.5", "2.5.1", "2.6", "2.7", "2.8");

    /** The identifiers the golden messages carry, each with how a fresh one is invented. */
    private static final Map<String, String> GOLDEN_CANARIES = new LinkedHashMap<>();

    static {
        GOLDEN_CANARIES.put("QUILLFEATHER", "surname");
        GOLDEN_CANARIES.put("ORSOLYA", "given");
        GOLDEN_CANARIES.put("BRAMBLEWOOD", "surname");
        GOLDEN_CANARIES.put("TAVISH", "given");
        GOLDEN_CANARIES.put("OSTERHAGEN", "surname");
        GOLDEN_CANARIES.put("MIREILLE", "given");
        GOLDEN_CANARIES.put("MRN7731001", "id");
        GOLDEN_CANARIES.put("MRN0042177", "id");
        GOLDEN_CANARIES.put("ALT55501", "id");
        GOLDEN_CANARIES.put("HX88120", "id");
        GOLDEN_CANARIES.put("ACCT99112", "id");
        GOLDEN_CANARIES.put("ACCT77001", "id");
        GOLDEN_CANARIES.put("VN5550123", "id");
        GOLDEN_CANARIES.put("VN1002003", "id");
        GOLDEN_CANARIES.put("POL-55102", "id");
        GOLDEN_CANARIES.put("MBR-2290417", "id");
        GOLDEN_CANARIES.put("1428 ELMWOOD AVE", "street");
        GOLDEN_CANARIES.put("77 FALLOWFIELD RD", "street");
        GOLDEN_CANARIES.put("PITTSBURGH", "city");
        GOLDEN_CANARIES.put("CARNEGIE", "city");
        GOLDEN_CANARIES.put("555-0187", "line");
        GOLDEN_CANARIES.put("555-0190", "line");
        GOLDEN_CANARIES.put("555-0199", "line");
        GOLDEN_CANARIES.put("555-0133", "line");
        GOLDEN_CANARIES.put("219-09-9999", "ssn");
        GOLDEN_CANARIES.put("301-44-5566", "ssn");
    }

    private static final String[] SYLLABLES = {"ka", "lor", "ven", "mi", "dra", "tho", "sel", "bru", "qua", "ny", "zel", "ost", "par", "wen", "fi"};

    private final Path root;

    /** The corpus under {@code root}: {@link #ROOT} from this module, the module's path from another one. */
    public Corpus(Path root) {
        this.root = root;
    }

    public record Item(String name, String text) {
    }

    public List<Item> publicHl7() {
        List<Item> items = new ArrayList<>();
        for (Path file : files(root.resolve("corpus/hl7v2"), ".hl7")) {
            List<String> messages = splitMessages(read(file));
            for (int i = 0; i < messages.size(); i++) {
                items.add(new Item(root.relativize(file) + (messages.size() > 1 ? "#" + (i + 1) : ""), messages.get(i)));
            }
        }
        return items;
    }

    public List<Item> goldenInEveryVersion(long seed) {
        Random random = new Random(seed);
        List<Item> items = new ArrayList<>();
        for (Path file : files(root.resolve("golden"), ".hl7")) {
            String golden = read(file);
            for (String version : VERSIONS) {
                String variant = withVersion(golden, version);
                for (Map.Entry<String, String> canary : GOLDEN_CANARIES.entrySet()) {
                    variant = replaceEveryCase(variant, canary.getKey(), invent(canary.getValue(), random));
                }
                int year = 1940 + random.nextInt(60);
                String month = String.format("%02d", 1 + random.nextInt(12));
                String day = String.format("%02d", 1 + random.nextInt(28));
                variant = variant.replace("19720314", year + month + day).replace("1972-03-14", year + "-" + month + "-" + day);
                items.add(new Item(root.relativize(file) + "@" + version, variant));
            }
        }
        return items;
    }

    public List<Item> fhir() {
        List<Item> items = new ArrayList<>();
        for (Path file : files(root.resolve("corpus/fhir-r4"), ".json")) {
            items.add(new Item(root.relativize(file).toString(), read(file)));
        }
        for (Path file : files(root.resolve("fhir"), ".json")) {
            items.add(new Item(root.relativize(file).toString(), read(file)));
        }
        return items;
    }

    /** MSH-12 set to {@code version}; before 2.5 the message structure (MSH-9.3) is optional and HAPI's older packages name some differently, so it is dropped. */
    public static String withVersion(String er7, String version) {
        String[] segments = er7.split("\r", -1);
        String[] msh = segments[0].split("\\|", -1);
        msh[11] = version;
        if (version.compareTo("2.5") < 0) {
            String[] type = msh[8].split("\\^");
            msh[8] = type[0] + "^" + type[1];
        }
        segments[0] = String.join("|", msh);
        return String.join("\r", segments);
    }

    static String replaceEveryCase(String text, String old, String fresh) {
        String out = text.replace(old, fresh.toUpperCase());
        String title = old.charAt(0) + old.substring(1).toLowerCase();
        String freshTitle = Character.toUpperCase(fresh.charAt(0)) + fresh.substring(1).toLowerCase();
        return out.replace(title, freshTitle).replace(old.toLowerCase(), fresh.toLowerCase());
    }

    private static String invent(String kind, Random random) {
        return switch (kind) {
            case "surname" -> word(random, 3) + word(random, 1);
            case "given" -> word(random, 2);
            case "id" -> "X" + (100000 + random.nextInt(900000)) + (char) ('A' + random.nextInt(26));
            case "street" -> (10 + random.nextInt(9000)) + " " + word(random, 2).toUpperCase() + " ST";
            case "city" -> word(random, 3).toUpperCase() + "VILLE";
            case "line" -> "555-" + (1000 + random.nextInt(9000));
            case "ssn" -> (100 + random.nextInt(600)) + "-" + (10 + random.nextInt(89)) + "-" + (1000 + random.nextInt(9000));
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static String word(Random random, int syllables) {
        StringBuilder w = new StringBuilder();
        for (int i = 0; i < syllables; i++) {
            w.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
        }
        return w.toString();
    }

    /** A file's messages: a new one starts at every MSH; batch and file envelopes are dropped. */
    static List<String> splitMessages(String text) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<String> messages = new ArrayList<>();
        StringBuilder current = null;
        for (String segment : body.split("\r\n|\r|\n")) {
            if (segment.startsWith("MSH")) {
                if (current != null) {
                    messages.add(current.toString());
                }
                current = new StringBuilder();
            }
            if (current != null && !segment.isBlank() && !segment.matches("^(FHS|BHS|BTS|FTS)\\|.*")) {
                current.append(segment).append('\r');
            }
        }
        if (current != null) {
            messages.add(current.toString());
        }
        return messages;
    }

    private static List<Path> files(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
