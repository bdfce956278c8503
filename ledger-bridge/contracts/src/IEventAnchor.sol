// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title IEventAnchor
/// @notice Merkle roots of de-identified CareLedger event batches, one per batch id.
/// Nothing but hashes, ids and counts ever reaches this contract.
interface IEventAnchor {
    /// @notice Emitted once per batch, right after its root is stored.
    event BatchAnchored(bytes32 indexed batchId, bytes32 root, uint64 eventCount);

    /// @notice The batch id already has a root; anchors are write-once.
    error EventAnchorBatchAlreadyAnchored(bytes32 batchId);
    /// @notice A zero root cannot be told apart from "not anchored".
    error EventAnchorZeroRoot();
    /// @notice A batch must hold at least one event.
    error EventAnchorEmptyBatch();

    /// @notice Stores `root` for `batchId`. Reverts if the batch id was anchored before.
    function anchor(bytes32 batchId, bytes32 root, uint64 eventCount) external;

    /// @notice The root anchored for `batchId`, or zero when none was.
    function rootOf(bytes32 batchId) external view returns (bytes32);

    /// @notice True when the event with this hash is in the tree anchored for `batchId`. The leaf is
    /// derived here (keccak256(keccak256(abi.encode(eventHash))), as OpenZeppelin's StandardMerkleTree
    /// does), so an inner node of the tree can never be passed off as a leaf.
    function verify(bytes32 batchId, bytes32 eventHash, bytes32[] calldata proof) external view returns (bool);
}
