package org.careledger.bridge.chain;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * Names the custom errors that {@code EventAnchor}, {@code ClaimSettlement}, {@code ParticipantRegistry}
 * and OpenZeppelin can revert with, from their selectors.
 */
public final class RevertReasons {

    private static final Map<String, String> BY_SELECTOR = Stream.of(
                    "EventAnchorBatchAlreadyAnchored(bytes32)", "EventAnchorZeroRoot()", "EventAnchorEmptyBatch()",
                    "EnforcedPause()", "ExpectedPause()", "AccessControlUnauthorizedAccount(address,bytes32)",
                    "Error(string)", "Panic(uint256)",
                    "UnknownPolicy(bytes32)", "NotYourPolicy(bytes32)", "TooMany(uint256,uint256)", "LengthMismatch()",
                    "NoLines()", "WrongProvider(bytes32)", "PayerInactive(bytes32)", "AlreadySettled(bytes32)",
                    "ClaimDoesNotMatchAnchor(bytes32,bytes32)", "EventAlreadySettled(bytes32)", "InsufficientEscrow(bytes32,uint256,uint256)", "ZeroValue()",
                    "NotAnActiveParticipant(address,uint8)", "UnknownParticipant(bytes32)",
                    "SafeERC20FailedOperation(address)", "ReentrancyGuardReentrantCall()")
            .collect(Collectors.toMap(RevertReasons::selector, Function.identity()));

    private RevertReasons() {
    }

    /** The error's name (without arguments, which could carry addresses) or the bare selector. */
    public static String name(String revertData) {
        String data = revertData == null ? "" : revertData.replace("\"", "").trim();
        if (!data.startsWith("0x") || data.length() < 10) {
            return "reverted";
        }
        String selector = data.substring(0, 10).toLowerCase(java.util.Locale.ROOT);
        String signature = BY_SELECTOR.get(selector);
        return signature == null ? "reverted " + selector : signature.substring(0, signature.indexOf('('));
    }

    private static String selector(String signature) {
        return Numeric.toHexString(Hash.sha3(signature.getBytes(StandardCharsets.US_ASCII))).substring(0, 10);
    }
}
