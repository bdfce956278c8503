package org.careledger.bridge.claims;

import org.careledger.devstack.testing.ClaimsChain;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;

import org.careledger.contracts.ChainSession;
import org.careledger.contracts.generated.ParticipantRegistry;
import org.careledger.devstack.AnvilNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.RemoteFunctionCall;

/** ParticipantRegistry on a real anvil node: each of its named errors, and who may change it. */
class ParticipantRegistryContractTest {

    private static final String[] ERRORS = {"ParticipantRegistryAlreadyRegistered(bytes32)", "ParticipantRegistryUnknownParticipant(bytes32)",
            "ParticipantRegistryInvalidKind()", "ParticipantRegistryZeroAddress()", "ParticipantRegistryKeyInUse(address)",
            "ParticipantRegistryNotAnActiveParticipant(address,uint8)", "AccessControlUnauthorizedAccount(address,bytes32)"};
    private static final String ZERO = "0x0000000000000000000000000000000000000000";
    private static final String PAYOUT = "0x00000000000000000000000000000000000000aa";

    private ChainSession admin;
    private ChainSession stranger;
    private ParticipantRegistry registry;

    @BeforeEach
    void deploy() throws Exception {
        org.careledger.devstack.testing.AnvilAndPostgres.start();
        admin = ClaimsChain.session(AnvilNode.DEPLOYER_KEY);
        stranger = ClaimsChain.session(ClaimsChain.STRANGER_KEY);
        registry = ParticipantRegistry.deploy(admin.web3j(), admin.transactions(), admin.gas(), admin.address()).send();
    }

    @AfterEach
    void close() {
        admin.close();
        stranger.close();
    }

    private String revert(ChainSession who, RemoteFunctionCall<?> call) throws Exception {
        return ClaimsChain.revertOf(who, registry.getContractAddress(), call, ERRORS);
    }

    private ParticipantRegistry as(ChainSession who) {
        return ParticipantRegistry.load(registry.getContractAddress(), who.web3j(), who.transactions(), who.gas());
    }

    @Test
    void registeringTwiceKindNoneOrAZeroPayoutIsRefusedByName() throws Exception {
        byte[] id = ClaimsChain.id("clinic-a");
        registry.register(id, ClaimsChain.PROVIDER, PAYOUT).send();

        assertThat(revert(admin, registry.register(id, ClaimsChain.PAYER, PAYOUT))).isEqualTo("ParticipantRegistryAlreadyRegistered");
        assertThat(revert(admin, registry.register(ClaimsChain.id("clinic-b"), BigInteger.ZERO, PAYOUT)))
                .isEqualTo("ParticipantRegistryInvalidKind");
        assertThat(revert(admin, registry.register(ClaimsChain.id("clinic-b"), ClaimsChain.PROVIDER, ZERO)))
                .isEqualTo("ParticipantRegistryZeroAddress");
        String zeroAddress = org.web3j.utils.Numeric.toHexString(org.web3j.crypto.Hash.sha3(
                "ParticipantRegistryZeroAddress()".getBytes(java.nio.charset.StandardCharsets.US_ASCII))).substring(2, 10);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ParticipantRegistry.deploy(admin.web3j(), admin.transactions(), admin.gas(),
                ZERO).send()).as("no admin at all").hasMessageContaining(zeroAddress);
    }

    @Test
    void keysActForOneKnownParticipantOnly() throws Exception {
        byte[] id = ClaimsChain.id("clinic-c");
        registry.register(id, ClaimsChain.PROVIDER, PAYOUT).send();
        registry.addKey(id, stranger.address()).send();

        assertThat(revert(admin, registry.addKey(ClaimsChain.id("nobody"), stranger.address()))).isEqualTo("ParticipantRegistryUnknownParticipant");
        assertThat(revert(admin, registry.deactivate(ClaimsChain.id("nobody")))).isEqualTo("ParticipantRegistryUnknownParticipant");
        assertThat(revert(admin, registry.addKey(id, ZERO))).isEqualTo("ParticipantRegistryZeroAddress");
        registry.register(ClaimsChain.id("clinic-d"), ClaimsChain.PROVIDER, PAYOUT).send();
        assertThat(revert(admin, registry.addKey(ClaimsChain.id("clinic-d"), stranger.address()))).isEqualTo("ParticipantRegistryKeyInUse");
        assertThat(registry.actingFor(stranger.address(), ClaimsChain.PROVIDER).send()).isEqualTo(id);
        assertThat(revert(admin, registry.actingFor(stranger.address(), ClaimsChain.PAYER)))
                .as("a provider's key does not act as a payer").isEqualTo("ParticipantRegistryNotAnActiveParticipant");

        registry.deactivate(id).send();
        assertThat(revert(admin, registry.actingFor(stranger.address(), ClaimsChain.PROVIDER)))
                .isEqualTo("ParticipantRegistryNotAnActiveParticipant");
        registry.revokeKey(stranger.address()).send();
        assertThat(revert(admin, registry.revokeKey(stranger.address()))).isEqualTo("ParticipantRegistryNotAnActiveParticipant");
    }

    @Test
    void onlyARegistrarChangesTheRegistry() throws Exception {
        assertThat(revert(stranger, as(stranger).register(ClaimsChain.id("self-made"), ClaimsChain.PAYER, stranger.address())))
                .isEqualTo("AccessControlUnauthorizedAccount");
        assertThat(revert(stranger, as(stranger).addKey(ClaimsChain.id("self-made"), stranger.address())))
                .isEqualTo("AccessControlUnauthorizedAccount");
    }
}
