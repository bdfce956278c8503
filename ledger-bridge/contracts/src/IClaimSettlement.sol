// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title IClaimSettlement
/// @notice Insurance claims settled against anchored CareLedger events. Payers register policies
/// (allowed amount per procedure code, per-claim cap, co-pay, members' coverage by pseudonymous
/// public ID) and fund an escrow in one ERC-20; a provider submits a claim whose claim leaf is in an
/// anchored batch, and is paid from the escrow in the same transaction. Calldata and storage hold
/// hashes, ids, dates and amounts in the token's minor units only.
interface IClaimSettlement {
    /// @notice How a claim ended; `None` for a claim id never settled.
    enum Outcome {
        None,
        Settled,
        PartiallySettled,
        Denied
    }

    /// @notice One billed line: keccak256 of the procedure code, and the amount billed.
    struct Line {
        bytes32 code;
        uint128 billed;
    }

    /// @notice A claim as submitted: ids and hashes, the service date in unix days, the lines, and
    /// where its event is anchored.
    struct Claim {
        bytes32 claimId;
        bytes32 provider;
        bytes32 policyId;
        bytes32 member;
        uint64 serviceDate;
        bytes32 anchorBatchId;
        bytes32 eventHash;
        Line[] lines;
    }

    /// @notice A payer registered or updated a policy.
    event PolicyRegistered(bytes32 indexed policyId, bytes32 indexed payer, uint128 perClaimCap, uint16 copayBps);
    /// @notice The most paid for a procedure code under a policy; 0 when not covered.
    event AllowedAmountSet(bytes32 indexed policyId, bytes32 indexed code, uint128 amount);
    /// @notice A member's coverage under a policy, in unix days, inclusive.
    event MemberCoverageSet(bytes32 indexed policyId, bytes32 indexed member, uint64 validFrom, uint64 validUntil);
    /// @notice A payer's escrow received `amount`; `balance` is what it holds now.
    event EscrowFunded(bytes32 indexed payer, uint256 amount, uint256 balance);
    /// @notice A payer took `amount` out of its escrow.
    event EscrowWithdrawn(bytes32 indexed payer, uint256 amount, uint256 balance);
    /// @notice Every line paid in full; per-line amounts and outcomes, and the anchored event it rests on.
    event ClaimSettled(bytes32 indexed claimId, bytes32 indexed payer, bytes32 indexed provider, uint256 paid,
        uint256[] linePaid, uint8[] lineOutcomes, bytes32 anchorBatchId, bytes32 eventHash);
    /// @notice Something paid, not every line in full.
    event ClaimPartiallySettled(bytes32 indexed claimId, bytes32 indexed payer, bytes32 indexed provider, uint256 paid,
        uint256[] linePaid, uint8[] lineOutcomes, bytes32 anchorBatchId, bytes32 eventHash);
    /// @notice Nothing paid; the outcomes say why, line by line.
    event ClaimDenied(bytes32 indexed claimId, bytes32 indexed payer, bytes32 indexed provider,
        uint8[] lineOutcomes, bytes32 anchorBatchId, bytes32 eventHash);

    /// @notice No policy has this id.
    error ClaimSettlementUnknownPolicy(bytes32 policyId);
    /// @notice The policy belongs to another payer.
    error ClaimSettlementNotYourPolicy(bytes32 policyId);
    /// @notice A co-pay above 10,000 basis points.
    error ClaimSettlementInvalidCopay(uint16 copayBps);
    /// @notice More items than one call takes.
    error ClaimSettlementTooMany(uint256 given, uint256 max);
    /// @notice Arrays that must pair up differ in length.
    error ClaimSettlementLengthMismatch();
    /// @notice A coverage period that ends before it starts.
    error ClaimSettlementInvalidPeriod();
    /// @notice A claim without lines.
    error ClaimSettlementNoLines();
    /// @notice The claim names another provider than the one the sender's key acts for.
    error ClaimSettlementWrongProvider(bytes32 provider);
    /// @notice The policy's payer is not an active payer.
    error ClaimSettlementPayerInactive(bytes32 payer);
    /// @notice This claim id is settled already.
    error ClaimSettlementAlreadySettled(bytes32 claimId);
    /// @notice The batch holds no claim leaf for this event with exactly these fields: the claim is not
    /// anchored, or a field (a line, an amount, the policy, the member, the provider) was changed.
    error ClaimSettlementClaimDoesNotMatchAnchor(bytes32 anchorBatchId, bytes32 eventHash);
    /// @notice This anchored event has already been settled.
    error ClaimSettlementEventAlreadySettled(bytes32 eventHash);
    /// @notice The payer's escrow cannot cover what is due; the claim can be submitted again after a top-up.
    error ClaimSettlementInsufficientEscrow(bytes32 payer, uint256 needed, uint256 available);
    /// @notice An amount of zero.
    error ClaimSettlementZeroValue();

    /// @notice Registers (or, for its own payer, updates) a policy: a per-claim cap and a co-pay in basis points.
    function registerPolicy(bytes32 policyId, uint128 perClaimCap, uint16 copayBps) external;

    /// @notice Sets the most paid per procedure code; 0 removes a code from cover.
    function setAllowedAmounts(bytes32 policyId, bytes32[] calldata codes, uint128[] calldata amounts) external;

    /// @notice Covers members (keccak256 of the public ID) from `validFrom` to `validUntil` (unix days, inclusive).
    function setMemberCoverage(bytes32 policyId, bytes32[] calldata members, uint64[] calldata validFrom,
        uint64[] calldata validUntil) external;

    /// @notice Moves `amount` of the token from the payer's key into its escrow (approve first).
    function fund(uint256 amount) external;

    /// @notice Pays `amount` out of the payer's escrow to its payout address.
    function withdraw(uint256 amount) external;

    /// @notice Adjudicates and pays one claim; `proof` shows its claim leaf (see `claimLeaf`) is in the anchored batch.
    function submitClaim(Claim calldata c, bytes32[] calldata proof) external returns (Outcome outcome);

    /// @notice Several claims of one provider in one transaction, paid with one transfer; all or nothing.
    /// Claim i's proof is the next `proofLengths[i]` nodes of `proofNodes`.
    function submitClaims(Claim[] calldata claims, bytes32[] calldata proofNodes, uint256[] calldata proofLengths)
        external returns (Outcome[] memory outcomes);

    /// @notice What a claim's anchored leaf commits to: every field it is adjudicated and paid on.
    function claimDigest(Claim calldata c) external pure returns (bytes32);

    /// @notice The value the ledger bridge anchors for a claim event beside the event itself.
    function claimLeaf(Claim calldata c) external pure returns (bytes32);

    /// @notice The adjudication `submitClaim` applies, without paying.
    function adjudicate(bytes32 policyId, bytes32 member, uint64 serviceDate, Line[] calldata lines)
        external view returns (uint256 paid, uint256[] memory linePaid, uint8[] memory outcomes);

    /// @notice The outcome of a claim id and the amount paid for it (None, 0 when never settled).
    function settlementOf(bytes32 claimId) external view returns (Outcome outcome, uint256 paid);
}
