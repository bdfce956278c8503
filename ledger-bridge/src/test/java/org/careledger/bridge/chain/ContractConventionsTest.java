package org.careledger.bridge.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped contracts follow OpenZeppelin's manner: each implements its {@code I}-interface, each
 * custom error is prefixed with its contract's name, every external function, event and error of
 * an interface has a NatSpec notice, and no test-only contract is packaged.
 */
class ContractConventionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode resource(String name) throws IOException {
        try (InputStream in = ContractConventionsTest.class.getClassLoader().getResourceAsStream("contracts/" + name)) {
            assertThat(in).as(name + " is packaged").isNotNull();
            return JSON.readTree(in);
        }
    }

    /** "function submitClaim((bytes32,...),bytes32[])", the way NatSpec keys its entries, with the kind in front. */
    private static Set<String> entries(JsonNode abi, String... kinds) {
        Set<String> wanted = Set.of(kinds);
        return StreamSupport.stream(abi.spliterator(), false).filter(e -> wanted.contains(e.path("type").asText()))
                .map(e -> e.path("type").asText() + " " + signature(e)).collect(Collectors.toSet());
    }

    private static String signature(JsonNode entry) {
        return entry.path("name").asText() + "(" + types(entry.path("inputs")) + ")";
    }

    private static String types(JsonNode inputs) {
        List<String> out = new ArrayList<>();
        for (JsonNode input : inputs) {
            String type = input.path("type").asText();
            out.add(type.startsWith("tuple") ? "(" + types(input.path("components")) + ")" + type.substring(5) : type);
        }
        return String.join(",", out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"EventAnchor", "ClaimSettlement", "ParticipantRegistry"})
    void eachContractImplementsEveryFunctionEventAndErrorOfItsInterface(String contract) throws Exception {
        Set<String> declared = entries(resource("I" + contract + ".abi"), "function", "event", "error");
        assertThat(declared).isNotEmpty();
        assertThat(entries(resource(contract + ".abi"), "function", "event", "error")).containsAll(declared);
    }

    @ParameterizedTest
    @ValueSource(strings = {"EventAnchor", "ClaimSettlement", "ParticipantRegistry"})
    void everyCustomErrorAnInterfaceDeclaresIsPrefixedWithItsContractsName(String contract) throws Exception {
        Set<String> errors = entries(resource("I" + contract + ".abi"), "error");
        assertThat(errors).isNotEmpty().allSatisfy(e -> assertThat(e).startsWith("error " + contract));
    }

    @ParameterizedTest
    @ValueSource(strings = {"IEventAnchor", "IClaimSettlement", "IParticipantRegistry"})
    void everyFunctionEventAndErrorOfAnInterfaceHasANatSpecNotice(String iface) throws Exception {
        JsonNode abi = resource(iface + ".abi");
        JsonNode userdoc = resource(iface + ".userdoc");
        for (JsonNode entry : abi) {
            String kind = entry.path("type").asText();
            JsonNode doc = switch (kind) {
                case "function" -> userdoc.path("methods").path(signature(entry));
                case "event" -> userdoc.path("events").path(signature(entry));
                case "error" -> userdoc.path("errors").path(signature(entry)).path(0);
                default -> null;
            };
            if (doc != null) {
                assertThat(doc.path("notice").asText()).as(iface + " " + kind + " " + signature(entry)).isNotBlank();
            }
        }
    }

    @Test
    void noTestOnlyContractIsPackaged() {
        ClassLoader loader = ContractConventionsTest.class.getClassLoader();
        assertThat(loader.getResource("contracts/ReentrantToken.abi")).isNull();
        assertThat(loader.getResource("org/careledger/contracts/generated/ReentrantToken.class")).isNull();
        assertThat(loader.getResource("contracts/ClaimSettlement.abi")).as("the shipped ones are").isNotNull();
    }
}
