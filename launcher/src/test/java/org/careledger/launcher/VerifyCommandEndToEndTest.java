package org.careledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./careledger verify}: a real proof from the bridge, checked against anvil alone, and tampered copies. */
class VerifyCommandEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static ObjectNode proof;
    private static byte[] event;
    private static String rpc;

    @BeforeAll
    static void anchorOneEvent() throws Exception {
        Hub hub = SharedHub.get();
        rpc = hub.endpoints().rpcUrl();
        proof = SharedHub.anchoredProof("E2E-VERIFY-1");
        event = ThinPathEndToEndTest.findEvent(hub.endpoints().kafka().operator(), proof.get("eventId").asText())
                .orElseThrow().value();
    }

    private record Run(int exit, String out) {
    }

    private static Run verify(JsonNode document, String... more) throws Exception {
        Path file = Files.createTempFile(dir, "proof", ".json");
        Files.write(file, JSON.writeValueAsBytes(document));
        String[] args = new String[2 + more.length];
        args[0] = "verify";
        args[1] = file.toString();
        System.arraycopy(more, 0, args, 2, more.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = VerifyCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8));
    }

    private static Run verifyAgainstAnvil(JsonNode document, String... more) throws Exception {
        String[] withRpc = java.util.Arrays.copyOf(more, more.length + 2);
        withRpc[more.length] = "--rpc";
        withRpc[more.length + 1] = rpc;
        return verify(document, withRpc);
    }

    @Test
    void bridgeProofIsValidAgainstTheChainAlone() throws Exception {
        Run run = verifyAgainstAnvil(proof);

        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).startsWith("valid:").contains(proof.get("batchId").asText());
    }

    @Test
    void proofWithTheEventItselfAlsoChecksTheEventHash() throws Exception {
        Path eventFile = Files.write(dir.resolve("event.json"), event);
        ObjectNode altered = (ObjectNode) JSON.readTree(event);
        altered.put("type", altered.path("type").asText() + ".altered");
        Path tampered = Files.write(dir.resolve("tampered.json"), JSON.writeValueAsBytes(altered));

        assertThat(verifyAgainstAnvil(proof, "--event", eventFile.toString()).exit()).isZero();
        Run run = verifyAgainstAnvil(proof, "--event", tampered.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("eventHash does not match the event");
    }

    @Test
    void tamperedSiblingIsInvalid() throws Exception {
        ObjectNode tampered = proof.deepCopy();
        ArrayNode siblings = (ArrayNode) tampered.get("proof");
        if (siblings.isEmpty()) {
            siblings.add("0x" + "11".repeat(32));
        } else {
            siblings.set(0, JSON.getNodeFactory().textNode("0x" + "11".repeat(32)));
        }

        Run run = verifyAgainstAnvil(tampered);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("verify rejected");
    }

    @Test
    void anotherRootIsInvalid() throws Exception {
        Run run = verifyAgainstAnvil(proof.deepCopy().put("root", "0x" + "22".repeat(32)));

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("different root");
    }

    @Test
    void leafThatDoesNotFollowFromTheEventHashIsInvalid() throws Exception {
        Run run = verifyAgainstAnvil(proof.deepCopy().put("eventHash", "0x" + "33".repeat(32)));

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("leaf");
    }

    @Test
    void transactionThatIsNotTheAnchorIsInvalid() throws Exception {
        Run run = verifyAgainstAnvil(proof.deepCopy().put("txHash", "0x" + "44".repeat(32)));

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("anchoring transaction");
    }

    @Test
    void proofForAnotherChainIsInvalid() throws Exception {
        Run run = verifyAgainstAnvil(proof.deepCopy().put("chainId", 1));

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("chain");
    }

    @Test
    void unreachableRpcOrMissingArgumentsExitTwo() throws Exception {
        assertThat(verify(proof, "--rpc", "http://127.0.0.1:1").exit()).isEqualTo(2);
        assertThat(VerifyCommand.run(new String[] {"verify"}, System.out, new PrintStream(new ByteArrayOutputStream()))).isEqualTo(2);
    }
}
