package org.careledger.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BridgeProofsTest {

    private static final long CHAIN = 31337;

    private final ProofServer bridge;
    private final BridgeProofs proofs;

    BridgeProofsTest() throws IOException {
        bridge = new ProofServer();
        proofs = new BridgeProofs(bridge.url(), CHAIN);
    }

    @AfterEach
    void stop() {
        bridge.close();
    }

    @Test
    void anEventWhoseBatchIsNotConfirmedHasNoAnchoringYet() throws IOException {
        assertThat(proofs.find("evt-1")).isEmpty();
    }

    @Test
    void aConfirmedClaimEventGivesItsBatchHashAndClaimLeafProof() throws IOException {
        bridge.publish("evt-2", Map.of("eventId", "evt-2", "eventHash", "0xaa", "batchId", "0xbb", "chainId", CHAIN,
                "claimLeafProof", List.of("0x01", "0x02")));

        BridgeProofs.Anchored anchored = proofs.find("evt-2").orElseThrow();

        assertThat(anchored.batchId()).isEqualTo("0xbb");
        assertThat(anchored.eventHash()).isEqualTo("0xaa");
        assertThat(anchored.claimLeafProof()).contains(List.of("0x01", "0x02"));
    }

    @Test
    void anEventAnchoredWithoutAClaimLeafSaysSo() throws IOException {
        bridge.publish("evt-3", Map.of("eventHash", "0xaa", "batchId", "0xbb", "chainId", CHAIN));

        assertThat(proofs.find("evt-3").orElseThrow().claimLeafProof()).isEmpty();
    }

    @Test
    void aBridgeAnchoringOnAnotherChainIsRefusedNotTrusted() throws IOException {
        bridge.publish("evt-4", Map.of("eventHash", "0xaa", "batchId", "0xbb", "chainId", 1));

        assertThatThrownBy(() -> proofs.find("evt-4")).isInstanceOf(IOException.class).hasMessageContaining("chain 1");
    }

    @Test
    void aFailingBridgeIsAnErrorToRetryNotAnUnanchoredEvent() {
        bridge.force(503);

        assertThatThrownBy(() -> proofs.find("evt-5")).isInstanceOf(IOException.class).hasMessageContaining("503");
    }

    @Test
    void aProofWithoutItsBatchIsRefused() throws IOException {
        bridge.publish("evt-6", Map.of("eventHash", "0xaa", "chainId", CHAIN));

        assertThatThrownBy(() -> proofs.find("evt-6")).isInstanceOf(IOException.class).hasMessageContaining("batchId");
    }
}
