package org.careledger.tx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/** Revert names come from the shipped ABIs' custom errors, inherited OpenZeppelin ones included. */
class RevertReasonsTest {

    private static String selector(String signature) {
        return Numeric.toHexString(Hash.sha3(signature.getBytes(StandardCharsets.US_ASCII))).substring(0, 10);
    }

    @Test
    void errorsDeclaredByEachShippedContractAreNamedWithoutTheirArguments() {
        assertThat(RevertReasons.name(selector("EventAnchorBatchAlreadyAnchored(bytes32)") + "00".repeat(32)))
                .isEqualTo("EventAnchorBatchAlreadyAnchored");
        assertThat(RevertReasons.name(selector("ClaimSettlementInsufficientEscrow(bytes32,uint256,uint256)"))).isEqualTo("ClaimSettlementInsufficientEscrow");
        // an enum parameter is a uint8 in the ABI, and so in the selector
        assertThat(RevertReasons.name(selector("ParticipantRegistryNotAnActiveParticipant(address,uint8)"))).isEqualTo("ParticipantRegistryNotAnActiveParticipant");
    }

    @Test
    void openZeppelinErrorsTheContractsCanRaiseAreInTheirAbis() {
        assertThat(RevertReasons.name(selector("EnforcedPause()"))).isEqualTo("EnforcedPause");
        assertThat(RevertReasons.name(selector("AccessControlUnauthorizedAccount(address,bytes32)")))
                .isEqualTo("AccessControlUnauthorizedAccount");
        assertThat(RevertReasons.name(selector("SafeERC20FailedOperation(address)"))).isEqualTo("SafeERC20FailedOperation");
    }

    @Test
    void anUnknownSelectorIsShownBareAndNoDataIsJustReverted() {
        assertThat(RevertReasons.name("0xdeadbeef")).isEqualTo("reverted 0xdeadbeef");
        assertThat(RevertReasons.name(null)).isEqualTo("reverted");
        assertThat(RevertReasons.name("\"0x\"")).isEqualTo("reverted");
        assertThat(RevertReasons.name(selector("Error(string)"))).isEqualTo("Error");
    }

    @Test
    void everyErrorOfEveryShippedAbiIsKnown() {
        // 2 built-ins plus at least the errors the three contracts declare themselves
        assertThat(RevertReasons.signatures()).hasSizeGreaterThan(2 + 3 + 16 + 6);
        assertThat(RevertReasons.CONTRACTS).containsExactly("EventAnchor", "ClaimSettlement", "ParticipantRegistry");
    }
}
