package org.careledger.contracts;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

import org.careledger.contracts.generated.ClaimSettlement;
import org.careledger.contracts.generated.ParticipantRegistry;
import org.careledger.contracts.generated.TestStablecoin;
import org.web3j.crypto.Hash;

/**
 * Deploys the settlement side of a dev chain: {@code ParticipantRegistry}, a 6-decimal test
 * stablecoin and {@code ClaimSettlement} bound to an anchor, and registers one provider with its
 * signing key. Payers register themselves with the registry's admin and fund their own escrow.
 */
public final class ClaimsDeployment {

    /** {@code ParticipantRegistry.Kind.Provider}. */
    public static final BigInteger PROVIDER = BigInteger.ONE;
    /** {@code ParticipantRegistry.Kind.Payer}. */
    public static final BigInteger PAYER = BigInteger.TWO;

    private ClaimsDeployment() {
    }

    /** The addresses of one settlement deployment. */
    public record Contracts(String registry, String token, String settlement) {
    }

    public static Contracts deploy(ChainSession admin, String anchorAddress, String providerId, String providerKeyAddress)
            throws Exception {
        ParticipantRegistry registry = ParticipantRegistry.deploy(admin.web3j(), admin.transactions(), admin.gas(), admin.address())
                .send();
        TestStablecoin token = TestStablecoin.deploy(admin.web3j(), admin.transactions(), admin.gas(), admin.address()).send();
        ClaimSettlement settlement = ClaimSettlement.deploy(admin.web3j(), admin.transactions(), admin.gas(), admin.address(),
                token.getContractAddress(), registry.getContractAddress(), anchorAddress).send();
        registry.register(participantId(providerId), PROVIDER, providerKeyAddress).send();
        registry.addKey(participantId(providerId), providerKeyAddress).send();
        return new Contracts(registry.getContractAddress(), token.getContractAddress(), settlement.getContractAddress());
    }

    /** A participant's id in the registry: keccak256 of its CareLedger participant id (UTF-8). */
    public static byte[] participantId(String id) {
        return Hash.sha3(id.getBytes(StandardCharsets.UTF_8));
    }
}
