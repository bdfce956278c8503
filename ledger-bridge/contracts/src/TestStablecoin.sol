// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title TestStablecoin
/// @notice A USD-like ERC-20 with 6 decimals (as USDC has) for development chains: the owner mints.
/// Never deploy it where value is real.
contract TestStablecoin is ERC20, Ownable {
    constructor(address owner) ERC20("CareLedger Test USD", "clUSD") Ownable(owner) {}

    function decimals() public pure override returns (uint8) {
        return 6;
    }

    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }
}
