package org.careledger.launcher;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.careledger.contracts.generated.EventAnchor;
import org.erdtman.jcs.JsonCanonicalizer;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Numeric;

/**
 * Checks a proof the way a payer would, trusting nothing from the bridge but the proof document:
 * recompute eventHash from the event itself, recompute the leaf, and ask the contract on chain.
 */
public final class ProofCheck implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String bridgeUrl;
    private final Web3j web3j;

    public ProofCheck(String bridgeUrl, String rpcUrl) {
        this.bridgeUrl = bridgeUrl;
        this.web3j = Web3j.build(new HttpService(rpcUrl));
    }

    /** The proof document for an event, or empty while it is not anchored (404). */
    public Optional<JsonNode> fetch(String eventId) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(bridgeUrl + "/proofs/" + eventId))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /proofs answered " + response.statusCode());
        }
        return Optional.of(JSON.readTree(response.body()));
    }

    /** Null when the proof holds for this event; otherwise why not. */
    public String verify(JsonNode proof, byte[] eventRecordValue) throws Exception {
        byte[] eventHash = Hash.sha3(new JsonCanonicalizer(new String(eventRecordValue, java.nio.charset.StandardCharsets.UTF_8))
                .getEncodedUTF8());
        if (!Numeric.toHexString(eventHash).equals(proof.get("eventHash").asText())) {
            return "eventHash does not match the event";
        }
        byte[] leaf = Hash.sha3(Hash.sha3(eventHash));
        if (!Arrays.equals(leaf, Numeric.hexStringToByteArray(proof.get("leaf").asText()))) {
            return "leaf is not keccak256(keccak256(eventHash))";
        }
        return onChain(proof.get("contract").asText(), proof.get("batchId").asText(), leaf, proof.get("proof"))
                ? null : "the contract's verify rejected the proof";
    }

    /** {@code EventAnchor.verify(batchId, leaf, proof)} as an eth_call. */
    public boolean onChain(String contract, String batchId, byte[] leaf, JsonNode proofArray) throws Exception {
        List<byte[]> siblings = new ArrayList<>();
        proofArray.forEach(p -> siblings.add(Numeric.hexStringToByteArray(p.asText())));
        EventAnchor anchor = EventAnchor.load(contract, web3j,
                new ReadonlyTransactionManager(web3j, Credentials.create("0x1").getAddress()), new DefaultGasProvider());
        return anchor.verify(Numeric.hexStringToByteArray(batchId), leaf, siblings).send();
    }

    @Override
    public void close() {
        web3j.shutdown();
    }
}
