// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title ReentrantToken
/// @notice Test only: an ERC-20 that, when it pays the armed payee, calls back into `target` with a
/// stored call (a second claim settlement, a withdrawal) before the transfer completes, and records
/// whether that call got through. Used to show ClaimSettlement cannot be re-entered by its payee.
contract ReentrantToken is ERC20 {
    address public target;
    address public payee;
    bytes public payload;
    bool public attempted;
    bool public reentered;
    bytes public reentryError;

    constructor() ERC20("Reentrant Test Token", "RTT") {}

    function decimals() public pure override returns (uint8) {
        return 6;
    }

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function arm(address target_, address payee_, bytes calldata payload_) external {
        target = target_;
        payee = payee_;
        payload = payload_;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (to == payee && payee != address(0) && !attempted) {
            attempted = true;
            (bool ok, bytes memory result) = target.call(payload);
            reentered = ok;
            reentryError = result;
        }
    }
}
