package org.careledger.tx;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * Names a revert from its 4-byte selector, using the custom errors declared in the ABIs of the
 * contracts CareLedger ships (which include the OpenZeppelin errors they can raise), plus
 * Solidity's built-in {@code Error(string)} and {@code Panic(uint256)}. A contract added to
 * {@link #CONTRACTS} has its errors named with no code change here.
 */
public final class RevertReasons {

    /** The ABIs the contracts module packages under {@code contracts/}. */
    static final List<String> CONTRACTS = List.of("EventAnchor", "ClaimSettlement", "ParticipantRegistry");

    private static final Map<String, String> BY_SELECTOR = load();

    private RevertReasons() {
    }

    /** The error's name (without arguments, which could carry addresses) or the bare selector. */
    public static String name(String revertData) {
        String data = revertData == null ? "" : revertData.replace("\"", "").trim();
        if (!data.startsWith("0x") || data.length() < 10) {
            return "reverted";
        }
        String selector = data.substring(0, 10).toLowerCase(Locale.ROOT);
        String name = BY_SELECTOR.get(selector);
        return name == null ? "reverted " + selector : name;
    }

    /** Every error signature the ABIs declare, for tests. */
    static Map<String, String> signatures() {
        return BY_SELECTOR;
    }

    private static Map<String, String> load() {
        Map<String, String> names = new HashMap<>();
        names.put(selector("Error(string)"), "Error");
        names.put(selector("Panic(uint256)"), "Panic");
        ObjectMapper json = new ObjectMapper();
        for (String contract : CONTRACTS) {
            String resource = "contracts/" + contract + ".abi";
            try (InputStream in = RevertReasons.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException(resource + " is not on the class path (the contracts module packages it)");
                }
                for (JsonNode entry : json.readTree(in)) {
                    if ("error".equals(entry.path("type").asText())) {
                        String name = entry.path("name").asText();
                        names.put(selector(name + "(" + types(entry.path("inputs")) + ")"), name);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
        return Map.copyOf(names);
    }

    /** The canonical parameter list: tuples spelled out as (a,b), with any array suffix kept. */
    private static String types(JsonNode inputs) {
        return StreamSupport.stream(inputs.spliterator(), false).map(input -> {
            String type = input.path("type").asText();
            return type.startsWith("tuple") ? "(" + types(input.path("components")) + ")" + type.substring("tuple".length()) : type;
        }).collect(Collectors.joining(","));
    }

    private static String selector(String signature) {
        return Numeric.toHexString(Hash.sha3(signature.getBytes(StandardCharsets.US_ASCII))).substring(0, 10);
    }
}
