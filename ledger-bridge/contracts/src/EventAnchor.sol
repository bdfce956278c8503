// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {IEventAnchor} from "./IEventAnchor.sol";

/// @title EventAnchor
/// @notice Stores the Merkle root of each batch of CareLedger events, written once by a registered
/// anchoring key. Leaves follow OpenZeppelin's StandardMerkleTree over `[bytes32 eventHash]`, so the
/// OpenZeppelin merkle-tree library and `verify` below accept the same proofs.
contract EventAnchor is IEventAnchor, AccessControl, Pausable {
    /// @notice Role of the keys allowed to anchor batches (the ledger bridge's signing keys).
    bytes32 public constant ANCHOR_ROLE = keccak256("ANCHOR_ROLE");
    /// @notice Role of the keys allowed to pause and unpause anchoring.
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");

    // One storage slot per batch: the event count lives in the event log only, which keeps an
    // anchor at one SSTORE (about 22,100 gas) plus the base transaction cost.
    mapping(bytes32 batchId => bytes32 root) private _roots;

    /// @param admin receives the admin and pauser roles; it grants ANCHOR_ROLE to bridge keys.
    constructor(address admin) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(PAUSER_ROLE, admin);
    }

    /// @inheritdoc IEventAnchor
    function anchor(bytes32 batchId, bytes32 root, uint64 eventCount)
        external
        onlyRole(ANCHOR_ROLE)
        whenNotPaused
    {
        if (root == bytes32(0)) revert EventAnchorZeroRoot();
        if (eventCount == 0) revert EventAnchorEmptyBatch();
        if (_roots[batchId] != bytes32(0)) revert EventAnchorBatchAlreadyAnchored(batchId);
        _roots[batchId] = root;
        emit BatchAnchored(batchId, root, eventCount);
    }

    /// @inheritdoc IEventAnchor
    function rootOf(bytes32 batchId) external view returns (bytes32) {
        return _roots[batchId];
    }

    /// @inheritdoc IEventAnchor
    function verify(bytes32 batchId, bytes32 eventHash, bytes32[] calldata proof) external view returns (bool) {
        bytes32 root = _roots[batchId];
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(eventHash))));
        return root != bytes32(0) && MerkleProof.verifyCalldata(proof, root, leaf);
    }

    /// @notice Stops new anchors (verification keeps working).
    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /// @notice Resumes anchoring.
    function unpause() external onlyRole(PAUSER_ROLE) {
        _unpause();
    }
}
