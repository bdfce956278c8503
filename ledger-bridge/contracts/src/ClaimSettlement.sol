// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IEventAnchor} from "./IEventAnchor.sol";
import {IClaimSettlement} from "./IClaimSettlement.sol";
import {IParticipantRegistry} from "./IParticipantRegistry.sol";

/// @title ClaimSettlement
/// @notice See {IClaimSettlement}. Claims are adjudicated line by line here and the provider is
/// paid from the escrow in the same transaction.
/// @dev A claim that the escrow cannot cover reverts (InsufficientEscrow) and stays pending off chain;
/// the bridge submits it again after the payer tops up.
contract ClaimSettlement is AccessControl, Pausable, ReentrancyGuard, IClaimSettlement {
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

    struct Policy {
        bytes32 payer;
        uint128 perClaimCap;
        uint16 copayBps;
    }

    struct Coverage {
        uint64 validFrom;
        uint64 validUntil;
    }

    IERC20 public immutable token;
    IParticipantRegistry public immutable registry;
    IEventAnchor public immutable anchor;

    mapping(bytes32 policyId => Policy) public policies;
    mapping(bytes32 policyId => mapping(bytes32 code => uint128)) public allowedAmount;
    mapping(bytes32 policyId => mapping(bytes32 member => Coverage)) public coverage;
    mapping(bytes32 payer => uint256) public escrow;
    /// @notice Per claim id: the outcome (low 8 bits) and the amount paid (next 128 bits). One slot.
    mapping(bytes32 claimId => uint256) private _settled;
    /// @notice Anchored claim events already settled: one event pays once, whatever claim id it is given.
    mapping(bytes32 eventHash => bool) private _settledEvents;

    /// @param admin holds the admin and pauser roles; token_ is the escrow token; registry_ and anchor_ are the
    /// participant registry and the event anchor claims are checked against
    constructor(address admin, IERC20 token_, IParticipantRegistry registry_, IEventAnchor anchor_) {
        token = token_;
        registry = registry_;
        anchor = anchor_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(PAUSER_ROLE, admin);
    }

    // ---- payers ----

    /// @inheritdoc IClaimSettlement
    function registerPolicy(bytes32 policyId, uint128 perClaimCap, uint16 copayBps) external whenNotPaused {
        bytes32 payer = registry.actingFor(msg.sender, IParticipantRegistry.Kind.Payer);
        if (copayBps > BPS) revert ClaimSettlementInvalidCopay(copayBps);
        Policy storage p = policies[policyId];
        if (p.payer != bytes32(0) && p.payer != payer) revert ClaimSettlementNotYourPolicy(policyId);
        policies[policyId] = Policy(payer, perClaimCap, copayBps);
        emit PolicyRegistered(policyId, payer, perClaimCap, copayBps);
    }

    /// @inheritdoc IClaimSettlement
    function setAllowedAmounts(bytes32 policyId, bytes32[] calldata codes, uint128[] calldata amounts) external whenNotPaused {
        _ownPolicy(policyId);
        if (codes.length != amounts.length) revert ClaimSettlementLengthMismatch();
        if (codes.length > MAX_BATCH) revert ClaimSettlementTooMany(codes.length, MAX_BATCH);
        for (uint256 i = 0; i < codes.length; i++) {
            allowedAmount[policyId][codes[i]] = amounts[i];
            emit AllowedAmountSet(policyId, codes[i], amounts[i]);
        }
    }

    /// @inheritdoc IClaimSettlement
    function setMemberCoverage(bytes32 policyId, bytes32[] calldata members, uint64[] calldata validFrom,
        uint64[] calldata validUntil) external whenNotPaused {
        _ownPolicy(policyId);
        if (members.length != validFrom.length || members.length != validUntil.length) revert ClaimSettlementLengthMismatch();
        if (members.length > MAX_BATCH) revert ClaimSettlementTooMany(members.length, MAX_BATCH);
        for (uint256 i = 0; i < members.length; i++) {
            if (validFrom[i] > validUntil[i]) revert ClaimSettlementInvalidPeriod();
            coverage[policyId][members[i]] = Coverage(validFrom[i], validUntil[i]);
            emit MemberCoverageSet(policyId, members[i], validFrom[i], validUntil[i]);
        }
    }

    /// @inheritdoc IClaimSettlement
    function fund(uint256 amount) external whenNotPaused nonReentrant {
        if (amount == 0) revert ClaimSettlementZeroValue();
        bytes32 payer = registry.actingFor(msg.sender, IParticipantRegistry.Kind.Payer);
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), amount);
        // credit what arrived, so a fee-on-transfer token cannot inflate the escrow
        uint256 received = token.balanceOf(address(this)) - before;
        escrow[payer] += received;
        emit EscrowFunded(payer, received, escrow[payer]);
    }

    /// @inheritdoc IClaimSettlement
    function withdraw(uint256 amount) external nonReentrant {
        bytes32 payer = registry.actingFor(msg.sender, IParticipantRegistry.Kind.Payer);
        uint256 balance = escrow[payer];
        if (amount > balance) revert ClaimSettlementInsufficientEscrow(payer, amount, balance);
        escrow[payer] = balance - amount;
        token.safeTransfer(registry.participant(payer).payout, amount);
        emit EscrowWithdrawn(payer, amount, balance - amount);
    }

    // ---- providers ----

    /// @inheritdoc IClaimSettlement
    /// @dev Adjudicates and pays one claim; `proof` shows its claim leaf (see `claimLeaf`) is in the
    /// anchored batch.
    function submitClaim(Claim calldata c, bytes32[] calldata proof) external whenNotPaused nonReentrant returns (Outcome outcome) {
        bytes32 provider = registry.actingFor(msg.sender, IParticipantRegistry.Kind.Provider);
        uint256 paid;
        (outcome, paid) = _settle(c, proof, provider);
        _pay(provider, paid);
    }

    /// @inheritdoc IClaimSettlement
    /// @dev Several claims of one provider in one transaction, paid with one transfer. All or
    /// nothing: one refused claim reverts the batch, and the bridge then submits them one by one.
    /// The proofs are concatenated in `proofNodes`, claim i's being the next `proofLengths[i]` nodes
    /// (a flat array: web3j's code generator cannot express bytes32[][]).
    function submitClaims(Claim[] calldata claims, bytes32[] calldata proofNodes, uint256[] calldata proofLengths)
        external whenNotPaused nonReentrant returns (Outcome[] memory outcomes)
    {
        if (claims.length != proofLengths.length) revert ClaimSettlementLengthMismatch();
        if (claims.length > MAX_CLAIMS_PER_BATCH) revert ClaimSettlementTooMany(claims.length, MAX_CLAIMS_PER_BATCH);
        bytes32 provider = registry.actingFor(msg.sender, IParticipantRegistry.Kind.Provider);
        outcomes = new Outcome[](claims.length);
        uint256 total;
        uint256 offset;
        for (uint256 i = 0; i < claims.length; i++) {
            uint256 end = offset + proofLengths[i];
            if (end > proofNodes.length) revert ClaimSettlementLengthMismatch();
            uint256 paid;
            (outcomes[i], paid) = _settle(claims[i], proofNodes[offset:end], provider);
            total += paid;
            offset = end;
        }
        if (offset != proofNodes.length) revert ClaimSettlementLengthMismatch();
        _pay(provider, total);
    }

    /// @dev Checks and effects for one claim; the caller makes the one interaction (the payment)
    /// afterwards, so a token that calls back finds every claim settled and the escrow already spent.
    function _settle(Claim calldata c, bytes32[] calldata proof, bytes32 provider) private returns (Outcome, uint256) {
        if (provider != c.provider) revert ClaimSettlementWrongProvider(c.provider);
        if (_settled[c.claimId] != 0) revert ClaimSettlementAlreadySettled(c.claimId);
        if (_settledEvents[c.eventHash]) revert ClaimSettlementEventAlreadySettled(c.eventHash);
        if (!anchor.verify(c.anchorBatchId, claimLeaf(c), proof)) revert ClaimSettlementClaimDoesNotMatchAnchor(c.anchorBatchId, c.eventHash);
        bytes32 payer = policies[c.policyId].payer;
        if (payer == bytes32(0)) revert ClaimSettlementUnknownPolicy(c.policyId);
        if (!registry.isActive(payer, IParticipantRegistry.Kind.Payer)) revert ClaimSettlementPayerInactive(payer);
        (uint256 paid, uint256[] memory linePaid, uint8[] memory outcomes) =
            adjudicate(c.policyId, c.member, c.serviceDate, c.lines);
        return (_record(c, payer, paid, linePaid, outcomes), paid);
    }

    function _record(Claim calldata c, bytes32 payer, uint256 paid, uint256[] memory linePaid, uint8[] memory outcomes)
        private returns (Outcome outcome)
    {
        uint256 available = escrow[payer];
        if (paid > available) revert ClaimSettlementInsufficientEscrow(payer, paid, available);
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

    /// @inheritdoc IClaimSettlement
    /// @dev What a claim's anchored leaf commits to: every field it is adjudicated and paid on.
    function claimDigest(Claim calldata c) public pure returns (bytes32) {
        return keccak256(abi.encode(c.claimId, c.provider, c.policyId, c.member, c.serviceDate, c.lines));
    }

    /// @inheritdoc IClaimSettlement
    /// @dev The value the ledger bridge anchors for a claim event beside the event itself, in the
    /// same batch: `keccak256(abi.encode(CLAIM_LEAF_TAG, eventHash, claimDigest(c)))`. A submitter
    /// therefore cannot pair a real anchored event with other lines, amounts, policy or member.
    function claimLeaf(Claim calldata c) public pure returns (bytes32) {
        return keccak256(abi.encode(CLAIM_LEAF_TAG, c.eventHash, claimDigest(c)));
    }

    /// @inheritdoc IClaimSettlement
    /// @dev The adjudication `submitClaim` applies, without paying: per line min(billed, allowed)
    /// less co-pay, then the per-claim cap.
    function adjudicate(bytes32 policyId, bytes32 member, uint64 serviceDate, Line[] calldata lines)
        public view returns (uint256 paid, uint256[] memory linePaid, uint8[] memory outcomes)
    {
        if (lines.length == 0) revert ClaimSettlementNoLines();
        if (lines.length > MAX_LINES) revert ClaimSettlementTooMany(lines.length, MAX_LINES);
        Policy memory policy = policies[policyId];
        if (policy.payer == bytes32(0)) revert ClaimSettlementUnknownPolicy(policyId);
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

    /// @inheritdoc IClaimSettlement
    /// @dev The outcome of a claim id and the amount paid for it (None, 0 when never settled).
    function settlementOf(bytes32 claimId) external view returns (Outcome outcome, uint256 paid) {
        uint256 packed = _settled[claimId];
        return (Outcome(uint8(packed)), packed >> 8);
    }

    /// @notice Stops every payer and provider call but withdrawals. Pausers only.
    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /// @notice Lifts a pause. Pausers only.
    function unpause() external onlyRole(PAUSER_ROLE) {
        _unpause();
    }

    function _ownPolicy(bytes32 policyId) private view {
        bytes32 payer = registry.actingFor(msg.sender, IParticipantRegistry.Kind.Payer);
        bytes32 owner = policies[policyId].payer;
        if (owner == bytes32(0)) revert ClaimSettlementUnknownPolicy(policyId);
        if (owner != payer) revert ClaimSettlementNotYourPolicy(policyId);
    }

    function _allPaid(uint8[] memory outcomes) private pure returns (bool) {
        for (uint256 i = 0; i < outcomes.length; i++) {
            if (outcomes[i] != PAID) return false;
        }
        return true;
    }
}
