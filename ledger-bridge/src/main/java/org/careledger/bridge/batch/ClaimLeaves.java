package org.careledger.bridge.batch;

import java.util.Optional;
import org.careledger.bridge.config.ClaimLeafSettings;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.careledger.contracts.ChainSession;
import org.careledger.contracts.ClaimLeaf;
import org.careledger.contracts.ClaimsDeployment;
import org.careledger.contracts.claims.ClaimEventReader;
import org.careledger.contracts.claims.ClaimSubmission;
import org.careledger.contracts.claims.InvalidClaim;
import org.careledger.contracts.claims.OnChainClaim;

/**
 * The claim leaf the anchoring loop adds to a batch for each claim event in it, read exactly as the
 * claims app reads the claim, so the leaf commits to the fields that will be submitted for payment.
 * Nothing when settlement is off, the record is on another topic, or the claim is invalid (the claims
 * app dead-letters those).
 */
@ApplicationScoped
public class ClaimLeaves {

    private final Optional<String> settlementContract;
    private final String claimTopic;
    private final String currency;
    private final ChainSession chain;
    private volatile ClaimEventReader reader;

    public ClaimLeaves(ClaimLeafSettings claims, ChainSession chain) {
        this.settlementContract = claims.contract();
        this.claimTopic = claims.topic();
        this.currency = claims.currency();
        this.chain = chain;
    }

    /** The claim leaf value for this authenticated record with this event hash, or empty when it gets none. */
    public Optional<byte[]> of(ConsumerRecord<String, byte[]> record, byte[] eventHash) throws Exception {
        if (settlementContract.isEmpty() || !claimTopic.equals(record.topic())) {
            return Optional.empty();
        }
        Optional<ClaimSubmission> claim;
        try {
            claim = reader().read(record.value());
        } catch (InvalidClaim invalid) {
            return Optional.empty();
        }
        return claim.map(c -> ClaimLeaf.value(OnChainClaim.of(c, new byte[32], eventHash)));
    }

    /** Amounts are read in the token's minor units: its decimals come from the chain once. */
    private ClaimEventReader reader() throws Exception {
        if (reader == null) {
            reader = new ClaimEventReader(currency, ClaimsDeployment.tokenDecimals(chain, settlementContract.get()));
        }
        return reader;
    }
}
