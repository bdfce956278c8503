// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title ParticipantRegistry
/// @notice The organisations that take part in CareLedger settlement (providers, payers, pharmacies,
/// manufacturers, wholesalers), each with a kind, the address it is paid to, and the signing keys
/// allowed to act for it. Ids are hashes of the organisations' registered ids; nothing about
/// patients is ever stored here.
contract ParticipantRegistry is AccessControl {
    bytes32 public constant REGISTRAR_ROLE = keccak256("REGISTRAR_ROLE");

    enum Kind {
        None,
        Provider,
        Payer,
        Pharmacy,
        Manufacturer,
        Wholesaler
    }

    struct Participant {
        Kind kind;
        bool active;
        address payout;
    }

    mapping(bytes32 id => Participant) private _participants;
    mapping(address key => bytes32 id) private _keys;

    event ParticipantRegistered(bytes32 indexed id, Kind kind, address payout);
    event ParticipantDeactivated(bytes32 indexed id);
    event KeyAdded(bytes32 indexed id, address indexed key);
    event KeyRevoked(bytes32 indexed id, address indexed key);

    error AlreadyRegistered(bytes32 id);
    error UnknownParticipant(bytes32 id);
    error InvalidKind();
    error ZeroAddress();
    error KeyInUse(address key);
    error NotAnActiveParticipant(address key, Kind kind);

    constructor(address admin) {
        if (admin == address(0)) revert ZeroAddress();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(REGISTRAR_ROLE, admin);
    }

    function register(bytes32 id, Kind kind, address payout) external onlyRole(REGISTRAR_ROLE) {
        if (kind == Kind.None) revert InvalidKind();
        if (payout == address(0)) revert ZeroAddress();
        if (_participants[id].kind != Kind.None) revert AlreadyRegistered(id);
        _participants[id] = Participant(kind, true, payout);
        emit ParticipantRegistered(id, kind, payout);
    }

    function deactivate(bytes32 id) external onlyRole(REGISTRAR_ROLE) {
        if (_participants[id].kind == Kind.None) revert UnknownParticipant(id);
        _participants[id].active = false;
        emit ParticipantDeactivated(id);
    }

    /// @notice Lets `key` act for participant `id`. A key acts for one participant only.
    function addKey(bytes32 id, address key) external onlyRole(REGISTRAR_ROLE) {
        if (_participants[id].kind == Kind.None) revert UnknownParticipant(id);
        if (key == address(0)) revert ZeroAddress();
        if (_keys[key] != bytes32(0)) revert KeyInUse(key);
        _keys[key] = id;
        emit KeyAdded(id, key);
    }

    function revokeKey(address key) external onlyRole(REGISTRAR_ROLE) {
        bytes32 id = _keys[key];
        if (id == bytes32(0)) revert NotAnActiveParticipant(key, Kind.None);
        delete _keys[key];
        emit KeyRevoked(id, key);
    }

    function participant(bytes32 id) external view returns (Participant memory) {
        return _participants[id];
    }

    /// @notice True when `id` is registered as `kind` and active.
    function isActive(bytes32 id, Kind kind) public view returns (bool) {
        Participant storage p = _participants[id];
        return p.active && p.kind == kind;
    }

    /// @notice The active participant of `kind` that `key` acts for; reverts for any other key.
    function actingFor(address key, Kind kind) external view returns (bytes32 id) {
        id = _keys[key];
        if (id == bytes32(0) || !isActive(id, kind)) revert NotAnActiveParticipant(key, kind);
    }
}
