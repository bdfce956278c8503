// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

import {IParticipantRegistry} from "./IParticipantRegistry.sol";

/// @title ParticipantRegistry
/// @notice See {IParticipantRegistry}. `REGISTRAR_ROLE` manages participants and their keys.
contract ParticipantRegistry is AccessControl, IParticipantRegistry {
    /// @notice The role that registers and deactivates participants and manages their keys.
    bytes32 public constant REGISTRAR_ROLE = keccak256("REGISTRAR_ROLE");

    mapping(bytes32 id => Participant) private _participants;
    mapping(address key => bytes32 id) private _keys;

    /// @param admin holds the admin and registrar roles
    constructor(address admin) {
        if (admin == address(0)) revert ParticipantRegistryZeroAddress();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(REGISTRAR_ROLE, admin);
    }

    /// @inheritdoc IParticipantRegistry
    function register(bytes32 id, Kind kind, address payout) external onlyRole(REGISTRAR_ROLE) {
        if (kind == Kind.None) revert ParticipantRegistryInvalidKind();
        if (payout == address(0)) revert ParticipantRegistryZeroAddress();
        if (_participants[id].kind != Kind.None) revert ParticipantRegistryAlreadyRegistered(id);
        _participants[id] = Participant(kind, true, payout);
        emit ParticipantRegistered(id, kind, payout);
    }

    /// @inheritdoc IParticipantRegistry
    function deactivate(bytes32 id) external onlyRole(REGISTRAR_ROLE) {
        if (_participants[id].kind == Kind.None) revert ParticipantRegistryUnknownParticipant(id);
        _participants[id].active = false;
        emit ParticipantDeactivated(id);
    }

    /// @inheritdoc IParticipantRegistry
    function addKey(bytes32 id, address key) external onlyRole(REGISTRAR_ROLE) {
        if (_participants[id].kind == Kind.None) revert ParticipantRegistryUnknownParticipant(id);
        if (key == address(0)) revert ParticipantRegistryZeroAddress();
        if (_keys[key] != bytes32(0)) revert ParticipantRegistryKeyInUse(key);
        _keys[key] = id;
        emit KeyAdded(id, key);
    }

    /// @inheritdoc IParticipantRegistry
    function revokeKey(address key) external onlyRole(REGISTRAR_ROLE) {
        bytes32 id = _keys[key];
        if (id == bytes32(0)) revert ParticipantRegistryNotAnActiveParticipant(key, Kind.None);
        delete _keys[key];
        emit KeyRevoked(id, key);
    }

    /// @inheritdoc IParticipantRegistry
    function participant(bytes32 id) external view returns (Participant memory) {
        return _participants[id];
    }

    /// @inheritdoc IParticipantRegistry
    function isActive(bytes32 id, Kind kind) public view returns (bool) {
        Participant storage p = _participants[id];
        return p.active && p.kind == kind;
    }

    /// @inheritdoc IParticipantRegistry
    function actingFor(address key, Kind kind) external view returns (bytes32 id) {
        id = _keys[key];
        if (id == bytes32(0) || !isActive(id, kind)) revert ParticipantRegistryNotAnActiveParticipant(key, kind);
    }
}
