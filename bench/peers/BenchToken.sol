// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// Stock OpenZeppelin ERC-20; the whole supply is minted to the deployer.
contract BenchToken is ERC20 {
    constructor() ERC20("Bench Token", "BENCH") {
        _mint(msg.sender, 1_000_000_000 * 10 ** 18);
    }
}
