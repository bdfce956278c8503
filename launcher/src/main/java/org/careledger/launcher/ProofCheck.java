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
import org.web3j.protocol.core.methods.response.TransactionReceipt;
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
    private static final List<String> REQUIRED = List.of("eventHash", "leaf", "proof", "root", "batchId", "chainId",
            "contract", "txHash", "blockNumber");
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
        return check(proof, Optional.of(eventRecordValue)).problem();
    }

    /** What a check found: a problem (null when the proof holds) and the confirmations seen. */
    public record Verdict(String problem, long confirmations) {

        public boolean valid() {
            return problem == null;
        }
    }

    /**
     * Checks a proof document against the chain alone: the leaf follows from eventHash (and eventHash
     * from the event, when given), the RPC serves the proof's chain, the contract holds the proof's
     * root for its batch and accepts the proof, and the anchoring transaction succeeded, on that
     * contract, in the block the proof names.
     */
    public Verdict check(JsonNode proof, Optional<byte[]> eventRecordValue) throws Exception {
        for (String field : REQUIRED) {
            if (!proof.hasNonNull(field)) {
                return new Verdict("the proof has no " + field, 0);
            }
        }
        byte[] eventHash = Numeric.hexStringToByteArray(proof.get("eventHash").asText());
        if (eventRecordValue.isPresent()) {
            byte[] recomputed = Hash.sha3(new JsonCanonicalizer(new String(eventRecordValue.get(),
                    java.nio.charset.StandardCharsets.UTF_8)).getEncodedUTF8());
            if (!Arrays.equals(recomputed, eventHash)) {
                return new Verdict("eventHash does not match the event", 0);
            }
        }
        byte[] leaf = Hash.sha3(Hash.sha3(eventHash));
        if (!Arrays.equals(leaf, Numeric.hexStringToByteArray(proof.get("leaf").asText()))) {
            return new Verdict("leaf is not keccak256(keccak256(eventHash))", 0);
        }
        long chainId = web3j.ethChainId().send().getChainId().longValueExact();
        if (chainId != proof.get("chainId").asLong()) {
            return new Verdict("the RPC serves chain " + chainId + ", the proof names chain " + proof.get("chainId").asLong(), 0);
        }
        String contract = proof.get("contract").asText();
        byte[] batchId = Numeric.hexStringToByteArray(proof.get("batchId").asText());
        byte[] anchoredRoot = anchor(contract).rootOf(batchId).send();
        if (!Arrays.equals(anchoredRoot, Numeric.hexStringToByteArray(proof.get("root").asText()))) {
            return new Verdict("the contract holds a different root for this batch (or none)", 0);
        }
        if (!onChain(contract, proof.get("batchId").asText(), eventHash, proof.get("proof"))) {
            return new Verdict("the contract's verify rejected the proof", 0);
        }
        Optional<TransactionReceipt> receipt = web3j.ethGetTransactionReceipt(proof.get("txHash").asText()).send()
                .getTransactionReceipt();
        if (receipt.isEmpty() || !receipt.get().isStatusOK()) {
            return new Verdict("the anchoring transaction is not a successful one on this chain", 0);
        }
        if (!contract.equalsIgnoreCase(receipt.get().getTo())
                || receipt.get().getBlockNumber().longValueExact() != proof.get("blockNumber").asLong()) {
            return new Verdict("the anchoring transaction is not to this contract in the named block", 0);
        }
        long latest = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
        return new Verdict(null, latest - receipt.get().getBlockNumber().longValueExact() + 1);
    }

    /** {@code EventAnchor.verify(batchId, eventHash, proof)} as an eth_call: the contract derives the leaf. */
    public boolean onChain(String contract, String batchId, byte[] eventHash, JsonNode proofArray) throws Exception {
        List<byte[]> siblings = new ArrayList<>();
        proofArray.forEach(p -> siblings.add(Numeric.hexStringToByteArray(p.asText())));
        return anchor(contract).verify(Numeric.hexStringToByteArray(batchId), eventHash, siblings).send();
    }

    private EventAnchor anchor(String contract) {
        return EventAnchor.load(contract, web3j,
                new ReadonlyTransactionManager(web3j, Credentials.create("0x1").getAddress()), new DefaultGasProvider());
    }

    @Override
    public void close() {
        web3j.shutdown();
    }
}
