// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title IParticipantRegistry
/// @notice The organisations that take part in CareLedger (providers, payers, pharmacies,
/// manufacturers, wholesalers), each with a kind, the address it is paid to, and the signing keys
/// allowed to act for it. Ids are keccak256 hashes of the organisations' registered ids; nothing
/// about patients is ever stored here.
interface IParticipantRegistry {
    /// @notice What a participant is; `None` marks an id never registered.
    enum Kind {
        None,
        Provider,
        Payer,
        Pharmacy,
        Manufacturer,
        Wholesaler
    }

    /// @notice A registered participant: its kind, whether it is active, and where it is paid.
    struct Participant {
        Kind kind;
        bool active;
        address payout;
    }

    /// @notice A participant was registered, active, with this payout address.
    event ParticipantRegistered(bytes32 indexed id, Kind kind, address payout);
    /// @notice A participant was deactivated: its keys no longer act for it.
    event ParticipantDeactivated(bytes32 indexed id);
    /// @notice `key` may now act for participant `id`.
    event KeyAdded(bytes32 indexed id, address indexed key);
    /// @notice `key` no longer acts for participant `id`.
    event KeyRevoked(bytes32 indexed id, address indexed key);

    /// @notice The id is registered already.
    error ParticipantRegistryAlreadyRegistered(bytes32 id);
    /// @notice No participant has this id.
    error ParticipantRegistryUnknownParticipant(bytes32 id);
    /// @notice `Kind.None` cannot be registered.
    error ParticipantRegistryInvalidKind();
    /// @notice An admin, payout address or key was the zero address.
    error ParticipantRegistryZeroAddress();
    /// @notice The key acts for a participant already; a key acts for one participant only.
    error ParticipantRegistryKeyInUse(address key);
    /// @notice The key does not act for an active participant of this kind.
    error ParticipantRegistryNotAnActiveParticipant(address key, Kind kind);

    /// @notice Registers participant `id` as `kind`, paid to `payout`. Registrars only.
    function register(bytes32 id, Kind kind, address payout) external;

    /// @notice Deactivates participant `id`. Registrars only.
    function deactivate(bytes32 id) external;

    /// @notice Lets `key` act for participant `id`. A key acts for one participant only. Registrars only.
    function addKey(bytes32 id, address key) external;

    /// @notice Stops `key` acting for its participant. Registrars only.
    function revokeKey(address key) external;

    /// @notice The participant registered under `id` (kind `None` when none is).
    function participant(bytes32 id) external view returns (Participant memory);

    /// @notice True when `id` is registered as `kind` and active.
    function isActive(bytes32 id, Kind kind) external view returns (bool);

    /// @notice The active participant of `kind` that `key` acts for; reverts for any other key.
    function actingFor(address key, Kind kind) external view returns (bytes32 id);
}
