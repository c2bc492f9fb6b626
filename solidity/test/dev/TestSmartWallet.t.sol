// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {TestSmartWallet} from "../../src/dev/TestSmartWallet.sol";
import {TestStablecoin} from "../../src/dev/TestStablecoin.sol";

contract TestSmartWalletTest is Test {
    bytes4 internal constant MAGIC = 0x1626ba7e;

    uint256 internal ownerKey = 0xA11CE;
    address internal owner = vm.addr(ownerKey);
    TestSmartWallet internal wallet = new TestSmartWallet(owner);

    function _sign(uint256 key, bytes32 hash) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, hash);
        return abi.encodePacked(r, s, v);
    }

    function test_IsValidSignature_OwnersPersonalSign_ReturnsMagicValue() public view {
        bytes32 hash = MessageHashUtils.toEthSignedMessageHash(bytes("example.org wants you to sign in"));
        assertEq(wallet.isValidSignature(hash, _sign(ownerKey, hash)), MAGIC);
        assertTrue(SignatureChecker.isValidSignatureNow(address(wallet), hash, _sign(ownerKey, hash)));
    }

    function testFuzz_IsValidSignature_AnotherSigner_IsRefused(uint256 key, bytes32 hash) public view {
        key = bound(key, 1, 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364140);
        vm.assume(key != ownerKey);
        assertEq(wallet.isValidSignature(hash, _sign(key, hash)), bytes4(0xffffffff));
    }

    function testFuzz_IsValidSignature_FlippedBit_IsRefused(bytes32 hash, uint8 bit) public view {
        bytes32 flipped = hash ^ bytes32(uint256(1) << bit);
        assertEq(wallet.isValidSignature(flipped, _sign(ownerKey, hash)), bytes4(0xffffffff));
    }

    function test_IsValidSignature_MalformedSignature_ReturnsFailureWithoutReverting() public view {
        bytes32 hash = keccak256("message");
        assertEq(wallet.isValidSignature(hash, ""), bytes4(0xffffffff));
        assertEq(wallet.isValidSignature(hash, hex"1234"), bytes4(0xffffffff));
        bytes memory longer = bytes.concat(_sign(ownerKey, hash), hex"00");
        assertEq(wallet.isValidSignature(hash, longer), bytes4(0xffffffff));
    }

    function test_Execute_ByOwner_MovesWhatTheWalletHolds() public {
        TestStablecoin usd = new TestStablecoin();
        usd.mint(address(wallet), 5e6);
        vm.prank(owner);
        wallet.execute(address(usd), 0, abi.encodeCall(usd.transfer, (owner, 2e6)));
        assertEq(usd.balanceOf(owner), 2e6);
        assertEq(usd.balanceOf(address(wallet)), 3e6);
    }

    function test_RevertWhen_ExecuteByStranger() public {
        address stranger = makeAddr("stranger");
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(TestSmartWallet.TestSmartWalletUnauthorized.selector, stranger));
        wallet.execute(address(this), 0, "");
    }

    function test_RevertWhen_DeployedWithoutOwner() public {
        vm.expectRevert(TestSmartWallet.TestSmartWalletZeroOwner.selector);
        new TestSmartWallet(address(0));
    }
}
