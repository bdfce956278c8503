// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IEventAnchor} from "./IEventAnchor.sol";
import {ParticipantRegistry} from "./ParticipantRegistry.sol";

/// @title ClaimSettlement
/// @notice Payers register policies (allowed amount per procedure code, per-claim cap, co-pay,
/// members' coverage by pseudonymous public ID) and fund an escrow in one ERC-20. A provider submits a
/// claim whose CareLedger event is anchored; it is adjudicated line by line here and the provider is
/// paid from the escrow in the same transaction. Calldata and storage hold hashes, ids, dates and
/// amounts in the token's minor units only.
/// @dev A claim that the escrow cannot cover reverts (InsufficientEscrow) and stays pending off chain;
/// the bridge submits it again after the payer tops up.
contract ClaimSettlement is AccessControl, Pausable, ReentrancyGuard {
    using SafeERC20 for IERC20;

    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");
    uint256 public constant MAX_LINES = 50;
    uint256 public constant MAX_BATCH = 100;
    uint256 public constant MAX_CLAIMS_PER_BATCH = 20;
    uint256 public constant BPS = 10_000;
    /// @notice Domain tag of a claim's leaf in an anchored batch, so that no event hash can pass for one.
    bytes32 public constant CLAIM_LEAF_TAG = keccak256("careledger.claim.v1");

    // line outcomes, in the order a line is checked
    uint8 public constant PAID = 0;
    uint8 public constant PAID_REDUCED = 1; // billed above allowed, or the claim cap reached in this line
    uint8 public constant CODE_NOT_COVERED = 2;
    uint8 public constant ZERO_AMOUNT = 3;
    uint8 public constant MEMBER_NOT_COVERED = 4;
    uint8 public constant COVERAGE_NOT_IN_FORCE = 5;
    uint8 public constant CAP_REACHED = 6;

    enum Outcome {
        None,
        Settled,
        PartiallySettled,
        Denied
    }

    struct Policy {
        bytes32 payer;
        uint128 perClaimCap;
        uint16 copayBps;
    }

    struct Coverage {
        uint64 validFrom;
        uint64 validUntil;
    }

    struct Line {
        bytes32 code;
        uint128 billed;
    }

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

    IERC20 public immutable token;
    ParticipantRegistry public immutable registry;
    IEventAnchor public immutable anchor;

    mapping(bytes32 policyId => Policy) public policies;
    mapping(bytes32 policyId => mapping(bytes32 code => uint128)) public allowedAmount;
    mapping(bytes32 policyId => mapping(bytes32 member => Coverage)) public coverage;
    mapping(bytes32 payer => uint256) public escrow;
    /// @notice Per claim id: the outcome (low 8 bits) and the amount paid (next 128 bits). One slot.
    mapping(bytes32 claimId => uint256) private _settled;
    /// @notice Anchored claim events already settled: one event pays once, whatever claim id it is given.
    mapping(bytes32 eventHash => bool) private _settledEvents;

    event PolicyRegistered(bytes32 indexed policyId, bytes32 indexed payer, uint128 perClaimCap, uint16 copayBps);
    event AllowedAmountSet(bytes32 indexed policyId, bytes32 indexed code, uint128 amount);
    event MemberCoverageSet(bytes32 indexed policyId, bytes32 indexed member, uint64 validFrom, uint64 validUntil);
    event EscrowFunded(bytes32 indexed payer, uint256 amount, uint256 balance);
    event EscrowWithdrawn(bytes32 indexed payer, uint256 amount, uint256 balance);
    event ClaimSettled(bytes32 indexed claimId, bytes32 indexed payer, bytes32 indexed provider, uint256 paid,
        uint256[] linePaid, uint8[] lineOutcomes, bytes32 anchorBatchId, bytes32 eventHash);
    event ClaimPartiallySettled(bytes32 indexed claimId, bytes32 indexed payer, bytes32 indexed provider, uint256 paid,
        uint256[] linePaid, uint8[] lineOutcomes, bytes32 anchorBatchId, bytes32 eventHash);
    event ClaimDenied(bytes32 indexed claimId, bytes32 indexed payer, bytes32 indexed provider,
        uint8[] lineOutcomes, bytes32 anchorBatchId, bytes32 eventHash);

    error UnknownPolicy(bytes32 policyId);
    error NotYourPolicy(bytes32 policyId);
    error InvalidCopay(uint16 copayBps);
    error TooMany(uint256 given, uint256 max);
    error LengthMismatch();
    error InvalidPeriod();
    error NoLines();
    error WrongProvider(bytes32 provider);
    error PayerInactive(bytes32 payer);
    error AlreadySettled(bytes32 claimId);
    /// @notice The batch holds no claim leaf for this event with exactly these fields: the claim is not
    /// anchored, or a field (a line, an amount, the policy, the member, the provider) was changed.
    error ClaimDoesNotMatchAnchor(bytes32 anchorBatchId, bytes32 eventHash);
    /// @notice This anchored event has already been settled.
    error EventAlreadySettled(bytes32 eventHash);
    error InsufficientEscrow(bytes32 payer, uint256 needed, uint256 available);
    error ZeroValue();

    constructor(address admin, IERC20 token_, ParticipantRegistry registry_, IEventAnchor anchor_) {
        token = token_;
        registry = registry_;
        anchor = anchor_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(PAUSER_ROLE, admin);
    }

    // ---- payers ----

    function registerPolicy(bytes32 policyId, uint128 perClaimCap, uint16 copayBps) external whenNotPaused {
        bytes32 payer = registry.actingFor(msg.sender, ParticipantRegistry.Kind.Payer);
        if (copayBps > BPS) revert InvalidCopay(copayBps);
        Policy storage p = policies[policyId];
        if (p.payer != bytes32(0) && p.payer != payer) revert NotYourPolicy(policyId);
        policies[policyId] = Policy(payer, perClaimCap, copayBps);
        emit PolicyRegistered(policyId, payer, perClaimCap, copayBps);
    }

    /// @notice Sets the most paid per procedure code; 0 removes a code from cover.
    function setAllowedAmounts(bytes32 policyId, bytes32[] calldata codes, uint128[] calldata amounts) external whenNotPaused {
        _ownPolicy(policyId);
        if (codes.length != amounts.length) revert LengthMismatch();
        if (codes.length > MAX_BATCH) revert TooMany(codes.length, MAX_BATCH);
        for (uint256 i = 0; i < codes.length; i++) {
            allowedAmount[policyId][codes[i]] = amounts[i];
            emit AllowedAmountSet(policyId, codes[i], amounts[i]);
        }
    }

    /// @notice Covers members (keccak256 of the public ID) from `validFrom` to `validUntil` (unix days, inclusive).
    function setMemberCoverage(bytes32 policyId, bytes32[] calldata members, uint64[] calldata validFrom,
        uint64[] calldata validUntil) external whenNotPaused {
        _ownPolicy(policyId);
        if (members.length != validFrom.length || members.length != validUntil.length) revert LengthMismatch();
        if (members.length > MAX_BATCH) revert TooMany(members.length, MAX_BATCH);
        for (uint256 i = 0; i < members.length; i++) {
            if (validFrom[i] > validUntil[i]) revert InvalidPeriod();
            coverage[policyId][members[i]] = Coverage(validFrom[i], validUntil[i]);
            emit MemberCoverageSet(policyId, members[i], validFrom[i], validUntil[i]);
        }
    }

    function fund(uint256 amount) external whenNotPaused nonReentrant {
        if (amount == 0) revert ZeroValue();
        bytes32 payer = registry.actingFor(msg.sender, ParticipantRegistry.Kind.Payer);
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), amount);
        // credit what arrived, so a fee-on-transfer token cannot inflate the escrow
        uint256 received = token.balanceOf(address(this)) - before;
        escrow[payer] += received;
        emit EscrowFunded(payer, received, escrow[payer]);
    }

    function withdraw(uint256 amount) external nonReentrant {
        bytes32 payer = registry.actingFor(msg.sender, ParticipantRegistry.Kind.Payer);
        uint256 balance = escrow[payer];
        if (amount > balance) revert InsufficientEscrow(payer, amount, balance);
        escrow[payer] = balance - amount;
        token.safeTransfer(registry.participant(payer).payout, amount);
        emit EscrowWithdrawn(payer, amount, balance - amount);
    }

    // ---- providers ----

    /// @notice Adjudicates and pays one claim; `proof` shows its claim leaf (see `claimLeaf`) is in the
    /// anchored batch.
    function submitClaim(Claim calldata c, bytes32[] calldata proof) external whenNotPaused nonReentrant returns (Outcome outcome) {
        bytes32 provider = registry.actingFor(msg.sender, ParticipantRegistry.Kind.Provider);
        uint256 paid;
        (outcome, paid) = _settle(c, proof, provider);
        _pay(provider, paid);
    }

    /// @notice Several claims of one provider in one transaction, paid with one transfer. All or
    /// nothing: one refused claim reverts the batch, and the bridge then submits them one by one.
    /// The proofs are concatenated in `proofNodes`, claim i's being the next `proofLengths[i]` nodes
    /// (a flat array: web3j's code generator cannot express bytes32[][]).
    function submitClaims(Claim[] calldata claims, bytes32[] calldata proofNodes, uint256[] calldata proofLengths)
        external whenNotPaused nonReentrant returns (Outcome[] memory outcomes)
    {
        if (claims.length != proofLengths.length) revert LengthMismatch();
        if (claims.length > MAX_CLAIMS_PER_BATCH) revert TooMany(claims.length, MAX_CLAIMS_PER_BATCH);
        bytes32 provider = registry.actingFor(msg.sender, ParticipantRegistry.Kind.Provider);
        outcomes = new Outcome[](claims.length);
        uint256 total;
        uint256 offset;
        for (uint256 i = 0; i < claims.length; i++) {
            uint256 end = offset + proofLengths[i];
            if (end > proofNodes.length) revert LengthMismatch();
            uint256 paid;
            (outcomes[i], paid) = _settle(claims[i], proofNodes[offset:end], provider);
            total += paid;
            offset = end;
        }
        if (offset != proofNodes.length) revert LengthMismatch();
        _pay(provider, total);
    }

    /// @dev Checks and effects for one claim; the caller makes the one interaction (the payment)
    /// afterwards, so a token that calls back finds every claim settled and the escrow already spent.
    function _settle(Claim calldata c, bytes32[] calldata proof, bytes32 provider) private returns (Outcome, uint256) {
        if (provider != c.provider) revert WrongProvider(c.provider);
        if (_settled[c.claimId] != 0) revert AlreadySettled(c.claimId);
        if (_settledEvents[c.eventHash]) revert EventAlreadySettled(c.eventHash);
        if (!anchor.verify(c.anchorBatchId, claimLeaf(c), proof)) revert ClaimDoesNotMatchAnchor(c.anchorBatchId, c.eventHash);
        bytes32 payer = policies[c.policyId].payer;
        if (payer == bytes32(0)) revert UnknownPolicy(c.policyId);
        if (!registry.isActive(payer, ParticipantRegistry.Kind.Payer)) revert PayerInactive(payer);
        (uint256 paid, uint256[] memory linePaid, uint8[] memory outcomes) =
            adjudicate(c.policyId, c.member, c.serviceDate, c.lines);
        return (_record(c, payer, paid, linePaid, outcomes), paid);
    }

    function _record(Claim calldata c, bytes32 payer, uint256 paid, uint256[] memory linePaid, uint8[] memory outcomes)
        private returns (Outcome outcome)
    {
        uint256 available = escrow[payer];
        if (paid > available) revert InsufficientEscrow(payer, paid, available);
        outcome = paid == 0 ? Outcome.Denied : _allPaid(outcomes) ? Outcome.Settled : Outcome.PartiallySettled;
        _settled[c.claimId] = uint256(uint8(outcome)) | (paid << 8);
        _settledEvents[c.eventHash] = true;
        escrow[payer] = available - paid;
        if (outcome == Outcome.Settled) {
            emit ClaimSettled(c.claimId, payer, c.provider, paid, linePaid, outcomes, c.anchorBatchId, c.eventHash);
        } else if (outcome == Outcome.PartiallySettled) {
            emit ClaimPartiallySettled(c.claimId, payer, c.provider, paid, linePaid, outcomes, c.anchorBatchId, c.eventHash);
        } else {
            emit ClaimDenied(c.claimId, payer, c.provider, outcomes, c.anchorBatchId, c.eventHash);
        }
    }

    function _pay(bytes32 provider, uint256 amount) private {
        if (amount > 0) {
            token.safeTransfer(registry.participant(provider).payout, amount);
        }
    }

    /// @notice What a claim's anchored leaf commits to: every field it is adjudicated and paid on.
    function claimDigest(Claim calldata c) public pure returns (bytes32) {
        return keccak256(abi.encode(c.claimId, c.provider, c.policyId, c.member, c.serviceDate, c.lines));
    }

    /// @notice The value the ledger bridge anchors for a claim event beside the event itself, in the
    /// same batch: `keccak256(abi.encode(CLAIM_LEAF_TAG, eventHash, claimDigest(c)))`. A submitter
    /// therefore cannot pair a real anchored event with other lines, amounts, policy or member.
    function claimLeaf(Claim calldata c) public pure returns (bytes32) {
        return keccak256(abi.encode(CLAIM_LEAF_TAG, c.eventHash, claimDigest(c)));
    }

    /// @notice The adjudication `submitClaim` applies, without paying: per line min(billed, allowed)
    /// less co-pay, then the per-claim cap.
    function adjudicate(bytes32 policyId, bytes32 member, uint64 serviceDate, Line[] calldata lines)
        public view returns (uint256 paid, uint256[] memory linePaid, uint8[] memory outcomes)
    {
        if (lines.length == 0) revert NoLines();
        if (lines.length > MAX_LINES) revert TooMany(lines.length, MAX_LINES);
        Policy memory policy = policies[policyId];
        if (policy.payer == bytes32(0)) revert UnknownPolicy(policyId);
        linePaid = new uint256[](lines.length);
        outcomes = new uint8[](lines.length);
        uint8 memberOutcome = _memberOutcome(coverage[policyId][member], serviceDate);
        if (memberOutcome != PAID) {
            for (uint256 i = 0; i < lines.length; i++) {
                outcomes[i] = memberOutcome;
            }
            return (0, linePaid, outcomes);
        }
        paid = _payLines(policyId, policy, lines, linePaid, outcomes);
    }

    function _payLines(bytes32 policyId, Policy memory policy, Line[] calldata lines, uint256[] memory linePaid,
        uint8[] memory outcomes) private view returns (uint256 paid)
    {
        uint256 remaining = policy.perClaimCap;
        for (uint256 i = 0; i < lines.length; i++) {
            (uint256 pay, uint8 result) =
                _line(lines[i].billed, allowedAmount[policyId][lines[i].code], policy.copayBps, remaining);
            remaining -= pay;
            linePaid[i] = pay;
            outcomes[i] = result;
            paid += pay;
        }
    }

    function _memberOutcome(Coverage memory cover, uint64 serviceDate) private pure returns (uint8) {
        if (cover.validUntil == 0) return MEMBER_NOT_COVERED;
        if (serviceDate < cover.validFrom || serviceDate > cover.validUntil) return COVERAGE_NOT_IN_FORCE;
        return PAID;
    }

    /// @dev One line: min(billed, allowed) less co-pay (co-pay rounds down, so the payment never exceeds
    /// allowed), then no more than what the claim cap leaves.
    function _line(uint256 billed, uint256 allowed, uint256 copayBps, uint256 remaining)
        private pure returns (uint256 pay, uint8 result)
    {
        if (billed == 0) return (0, ZERO_AMOUNT);
        if (allowed == 0) return (0, CODE_NOT_COVERED);
        uint256 base = billed < allowed ? billed : allowed;
        pay = base - (base * copayBps) / BPS;
        result = billed > allowed ? PAID_REDUCED : PAID;
        if (pay > remaining) {
            pay = remaining;
            result = pay == 0 ? CAP_REACHED : PAID_REDUCED;
        }
    }

    /// @notice The outcome of a claim id and the amount paid for it (None, 0 when never settled).
    function settlementOf(bytes32 claimId) external view returns (Outcome outcome, uint256 paid) {
        uint256 packed = _settled[claimId];
        return (Outcome(uint8(packed)), packed >> 8);
    }

    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    function unpause() external onlyRole(PAUSER_ROLE) {
        _unpause();
    }

    function _ownPolicy(bytes32 policyId) private view {
        bytes32 payer = registry.actingFor(msg.sender, ParticipantRegistry.Kind.Payer);
        bytes32 owner = policies[policyId].payer;
        if (owner == bytes32(0)) revert UnknownPolicy(policyId);
        if (owner != payer) revert NotYourPolicy(policyId);
    }

    function _allPaid(uint8[] memory outcomes) private pure returns (bool) {
        for (uint256 i = 0; i < outcomes.length; i++) {
            if (outcomes[i] != PAID) return false;
        }
        return true;
    }
}
