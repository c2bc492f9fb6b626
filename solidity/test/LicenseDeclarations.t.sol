// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {LicenseRegistry} from "../src/LicenseRegistry.sol";
import {ILicenseRegistry} from "../src/interfaces/ILicenseRegistry.sol";
import {VoteEscrow} from "../src/VoteEscrow.sol";
import {RevenueDeclarations} from "../src/licensing/RevenueDeclarations.sol";
import {TestSmartWallet} from "../src/dev/TestSmartWallet.sol";
import {LicenseTestBase} from "./utils/LicenseTestBase.sol";

/// @dev A company contract that buys with ETH and, when refunded, notes how much it had locked at that moment.
contract RefundProbe is IERC1271 {
    address internal immutable _owner;
    VoteEscrow internal immutable _escrow;
    uint256 public lockedWhenRefunded;
    bool public refunded;

    constructor(address owner_, VoteEscrow escrow_) {
        (_owner, _escrow) = (owner_, escrow_);
    }

    receive() external payable {
        (lockedWhenRefunded,,) = _escrow.lockOf(address(this));
        refunded = true;
    }

    function buy(LicenseRegistry registry, bytes calldata data) external payable {
        (bool ok, bytes memory reason) = address(registry).call{value: msg.value}(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(reason, 32), mload(reason))
            }
        }
    }

    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        return ECDSA.recoverCalldata(hash, signature) == _owner ? IERC1271.isValidSignature.selector : bytes4(0);
    }
}

/// @dev Signed declarations, the rules on lowering revenue, the lock of what is bought, revocation.
contract LicenseDeclarationsTest is LicenseTestBase {
    address internal acme;
    uint256 internal acmeKey;
    address internal globex;
    uint256 internal globexKey;

    function setUp() public override {
        super.setUp();
        (acme, acmeKey) = makeAddrAndKey("acme");
        (globex, globexKey) = makeAddrAndKey("globex");
        _stockReserve(10_000_000e18);
        for (uint256 i = 0; i < 2; i++) {
            address company = i == 0 ? acme : globex;
            vm.deal(company, 100 ether);
            usd.mint(company, 1_000_000e6);
            vm.prank(company);
            usd.approve(address(registry), type(uint256).max);
        }
    }

    function test_HashDeclaration_IsTheEip712DigestOfTheSignedType() public view {
        RevenueDeclarations.RevenueDeclaration memory decl = _declaration(acme, 11_000_000);
        assertEq(registry.hashDeclaration(decl), _digest(registry, decl));
        assertEq(registry.REVENUE_DECLARATION_TYPEHASH(), keccak256(bytes(DECLARATION_TYPE)));
        (, string memory name, string memory version, uint256 chainId, address verifyingContract,,) =
            registry.eip712Domain();
        assertEq(name, "Guild License Registry");
        assertEq(version, "1");
        assertEq(chainId, block.chainid);
        assertEq(verifyingContract, address(registry));
    }

    function test_Purchase_RecordsTheDeclarationHashBoundToTheCompany() public {
        RevenueDeclarations.RevenueDeclaration memory decl = _declaration(acme, 11_000_000);
        _purchase(acme, acmeKey, decl, 0);
        (,, bytes32 recorded,,,) = registry.licenceOf(acme);
        assertEq(recorded, _digest(registry, decl));
        decl.company = globex; // the same content for another company is another declaration
        assertTrue(_digest(registry, decl) != recorded);
    }

    function test_RevertWhen_DeclarationUsedByAnotherCompany() public {
        RevenueDeclarations.RevenueDeclaration memory decl = _declaration(acme, 11_000_000);
        bytes memory signature = _sign(acmeKey, decl);
        vm.expectRevert(
            abi.encodeWithSelector(RevenueDeclarations.RevenueDeclarationNotForCaller.selector, acme, globex)
        );
        vm.prank(globex);
        registry.purchase(decl, signature, 365 days, NO_MAX, block.timestamp);
        assertEq(registry.declarationNonce(globex), 0);
    }

    function test_RevertWhen_DeclarationSignedByAnotherWallet() public {
        RevenueDeclarations.RevenueDeclaration memory decl = _declaration(acme, 11_000_000);
        bytes memory signature = _sign(globexKey, decl);
        vm.expectRevert(
            abi.encodeWithSelector(
                RevenueDeclarations.RevenueDeclarationInvalidSignature.selector, acme, _digest(registry, decl)
            )
        );
        vm.prank(acme);
        registry.purchase(decl, signature, 365 days, NO_MAX, block.timestamp);
    }

    function testFuzz_RevertWhen_SignatureOrDeclarationTampered(uint256 bit, uint256 revenue) public {
        RevenueDeclarations.RevenueDeclaration memory decl = _declaration(acme, 11_000_000);
        bytes memory signature = _sign(acmeKey, decl);
        if (revenue % 2 == 0) {
            // Flip one bit of r or s: never acme's signature of this declaration.
            uint256 i = bound(bit, 0, 64 * 8 - 1);
            signature[i / 8] ^= bytes1(uint8(1 << (i % 8)));
        } else {
            decl.revenueUsd = bound(revenue, 0, 10_999_999); // a lower figure than the one signed
        }
        vm.expectRevert();
        vm.prank(acme);
        registry.purchase(decl, signature, 365 days, NO_MAX, block.timestamp);
        assertEq(registry.declarationNonce(acme), 0);
    }

    function test_RevertWhen_DeclarationReplayed() public {
        RevenueDeclarations.RevenueDeclaration memory decl = _declaration(acme, 11_000_000);
        bytes memory signature = _sign(acmeKey, decl);
        _purchaseSigned(acme, decl, signature, 0);
        vm.expectRevert(abi.encodeWithSelector(RevenueDeclarations.RevenueDeclarationInvalidNonce.selector, acme, 0, 1));
        vm.prank(acme);
        registry.topUp(decl, signature, NO_MAX, block.timestamp);
    }

    function test_RevertWhen_DeclarationExpired() public {
        RevenueDeclarations.RevenueDeclaration memory decl = _declaration(acme, 11_000_000);
        bytes memory signature = _sign(acmeKey, decl);
        vm.warp(decl.deadline + 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                RevenueDeclarations.RevenueDeclarationExpired.selector, decl.deadline, decl.deadline + 1
            )
        );
        vm.prank(acme);
        registry.purchase(decl, signature, 365 days, NO_MAX, block.timestamp);
    }

    function test_RevertWhen_TransactionDeadlinePassed() public {
        RevenueDeclarations.RevenueDeclaration memory decl = _declaration(acme, 11_000_000);
        bytes memory signature = _sign(acmeKey, decl);
        uint256 deadline = block.timestamp;
        vm.warp(deadline + 1);
        vm.expectRevert(
            abi.encodeWithSelector(ILicenseRegistry.LicenseRegistryDeadlinePassed.selector, deadline, deadline + 1)
        );
        vm.prank(acme);
        registry.purchase(decl, signature, 365 days, NO_MAX, deadline);
    }

    function test_RevertWhen_CostRoseAboveTheMaximum() public {
        (uint256 quotedWei, uint256 quotedUsd) = registry.costOf(registry.requiredStake(11_000_000));
        vm.prank(address(timelock));
        registry.setRate(2e15); // between the quote and the purchase, governance doubles X
        RevenueDeclarations.RevenueDeclaration memory decl = _declaration(acme, 11_000_000);
        bytes memory signature = _sign(acmeKey, decl);
        vm.expectRevert(
            abi.encodeWithSelector(ILicenseRegistry.LicenseRegistryCostAboveMaximum.selector, 20_000e6, quotedUsd)
        );
        vm.prank(acme);
        registry.purchase(decl, signature, 365 days, quotedUsd, block.timestamp);
        (uint256 newWei,) = registry.costOf(registry.requiredStake(11_000_000));
        vm.expectRevert(
            abi.encodeWithSelector(ILicenseRegistry.LicenseRegistryCostAboveMaximum.selector, newWei, quotedWei)
        );
        vm.prank(acme);
        registry.purchase{value: 10 ether}(decl, signature, 365 days, quotedWei, block.timestamp);
        assertEq(usd.balanceOf(address(timelock)) + address(timelock).balance, 0);
    }

    function test_RevertWhen_RenewLowersRevenueInTheSameFiscalYear() public {
        _purchase(acme, acmeKey, _declaration(acme, 11_000_000), 0);
        RevenueDeclarations.RevenueDeclaration memory decl = _declaration(acme, 5_000_000);
        bytes memory signature = _sign(acmeKey, decl);
        vm.expectRevert(
            abi.encodeWithSelector(ILicenseRegistry.LicenseRegistryRevenueDecreased.selector, 5_000_000, 11_000_000)
        );
        vm.prank(acme);
        registry.renew(decl, signature, 365 days, NO_MAX, block.timestamp);
    }

    function test_Renew_LowersRevenueWithADeclarationForALaterFiscalYear() public {
        _purchase(acme, acmeKey, _declaration(acme, 11_000_000), 0);
        RevenueDeclarations.RevenueDeclaration memory decl = _declaration(registry, acme, 5_000_000, FY + 1);
        bytes memory signature = _sign(acmeKey, decl);
        vm.prank(acme);
        registry.renew(decl, signature, 365 days, NO_MAX, block.timestamp);
        (, uint256 revenue,,, uint256 fiscalYear,) = registry.licenceOf(acme);
        assertEq(revenue, 5_000_000);
        assertEq(fiscalYear, FY + 1);
        assertTrue(registry.isLicensed(acme));
    }

    function test_RevertWhen_PurchaseAfterExpiryLowersRevenueInTheSameFiscalYear() public {
        _purchase(acme, acmeKey, _declaration(acme, 11_000_000), 0);
        vm.warp(block.timestamp + 366 days); // letting the licence lapse does not get around the rule
        RevenueDeclarations.RevenueDeclaration memory decl = _declaration(acme, 2_000_000);
        bytes memory signature = _sign(acmeKey, decl);
        vm.expectRevert(
            abi.encodeWithSelector(ILicenseRegistry.LicenseRegistryRevenueDecreased.selector, 2_000_000, 11_000_000)
        );
        vm.prank(acme);
        registry.purchase(decl, signature, 365 days, NO_MAX, block.timestamp);
    }

    function test_RevertWhen_DeclarationIsForAnEarlierFiscalYear() public {
        _purchase(acme, acmeKey, _declaration(acme, 11_000_000), 0);
        RevenueDeclarations.RevenueDeclaration memory decl = _declaration(registry, acme, 20_000_000, FY - 1);
        bytes memory signature = _sign(acmeKey, decl);
        vm.expectRevert(abi.encodeWithSelector(ILicenseRegistry.LicenseRegistryFiscalYearOutdated.selector, FY - 1, FY));
        vm.prank(acme);
        registry.topUp(decl, signature, NO_MAX, block.timestamp);
    }

    function test_RevertWhen_LateTopUpIsWithdrawnAnHourLater() public {
        _purchase(acme, acmeKey, _declaration(acme, 11_000_000), 0);
        vm.warp(block.timestamp + 365 days - 1 hours); // the licence's last hour
        uint256 toppedUpAt = block.timestamp;
        _purchaseOrTopUp(acme, acmeKey, _declaration(acme, 21_000_000), true);
        (uint256 locked, uint256 end,) = escrow.lockOf(acme);
        assertEq(locked, 200_000e18);
        assertEq(end, toppedUpAt + 365 days, "what was bought stays locked a full minimum term");

        vm.warp(toppedUpAt + 2 hours); // the licence has expired; the stake has not
        assertFalse(registry.isLicensed(acme));
        vm.expectRevert(
            abi.encodeWithSelector(VoteEscrow.VoteEscrowLockNotExpired.selector, acme, toppedUpAt + 365 days)
        );
        vm.prank(acme);
        escrow.withdraw();
    }

    function test_Purchase_RefundsExcessEthOnlyAfterTheLock() public {
        RefundProbe probe = new RefundProbe(acme, VoteEscrow(address(escrow)));
        RevenueDeclarations.RevenueDeclaration memory decl = _declaration(address(probe), 11_000_000);
        bytes memory data =
            abi.encodeCall(registry.purchase, (decl, _sign(acmeKey, decl), 365 days, NO_MAX, block.timestamp));
        probe.buy{value: 5 ether}(registry, data);
        assertTrue(probe.refunded());
        assertEq(probe.lockedWhenRefunded(), 100_000e18, "the stake was locked before the refund was sent");
        assertEq(address(probe).balance, 5 ether - 3_333_333_333_333_333_334);
        assertTrue(registry.isLicensed(address(probe)));
    }

    function test_Purchase_ByAContractWalletSigningUnderErc1271() public {
        TestSmartWallet wallet = new TestSmartWallet(acme);
        vm.deal(address(wallet), 10 ether);
        RevenueDeclarations.RevenueDeclaration memory decl = _declaration(address(wallet), 11_000_000);
        bytes memory data =
            abi.encodeCall(registry.purchase, (decl, _sign(acmeKey, decl), 365 days, NO_MAX, block.timestamp));
        vm.prank(acme);
        wallet.execute(address(registry), 4 ether, data);
        assertTrue(registry.isLicensed(address(wallet)));
    }

    function test_Revoke_EndsTheLicenceAndBlocksRenewalUntilReinstated() public {
        RevenueDeclarations.RevenueDeclaration memory decl = _declaration(acme, 11_000_000);
        _purchase(acme, acmeKey, decl, 0);
        vm.expectEmit(address(registry));
        emit ILicenseRegistry.LicenseRevoked(acme, _digest(registry, decl), "proposal 7: revenue understated");
        vm.prank(address(timelock));
        registry.revoke(acme, "proposal 7: revenue understated");
        assertFalse(registry.isLicensed(acme));
        (,,,,, bool revoked) = registry.licenceOf(acme);
        assertTrue(revoked);

        RevenueDeclarations.RevenueDeclaration memory next = _declaration(acme, 30_000_000);
        bytes memory signature = _sign(acmeKey, next);
        vm.expectRevert(abi.encodeWithSelector(ILicenseRegistry.LicenseRegistryLicenceRevoked.selector, acme));
        vm.prank(acme);
        registry.topUp(next, signature, NO_MAX, block.timestamp);

        vm.expectEmit(address(registry));
        emit ILicenseRegistry.LicenseReinstated(acme, "proposal 9: corrected");
        vm.prank(address(timelock));
        registry.reinstate(acme, "proposal 9: corrected");
        assertTrue(registry.isLicensed(acme));
        vm.prank(acme);
        registry.topUp(next, signature, NO_MAX, block.timestamp);
    }

    function test_RevertWhen_RevocationIsNotGovernance() public {
        _purchase(acme, acmeKey, _declaration(acme, 11_000_000), 0);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, globex));
        vm.prank(globex);
        registry.revoke(acme, "no");
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, globex));
        vm.prank(globex);
        registry.reinstate(acme, "no");
    }

    function test_RevertWhen_RevokingNothingOrTwice() public {
        vm.startPrank(address(timelock));
        vm.expectRevert(abi.encodeWithSelector(ILicenseRegistry.LicenseRegistryNoLicence.selector, globex));
        registry.revoke(globex, "never licensed");
        vm.expectRevert(abi.encodeWithSelector(ILicenseRegistry.LicenseRegistryLicenceNotRevoked.selector, globex));
        registry.reinstate(globex, "never revoked");
        vm.stopPrank();
        _purchase(acme, acmeKey, _declaration(acme, 11_000_000), 0);
        vm.startPrank(address(timelock));
        registry.revoke(acme, "once");
        vm.expectRevert(abi.encodeWithSelector(ILicenseRegistry.LicenseRegistryLicenceRevoked.selector, acme));
        registry.revoke(acme, "twice");
        vm.stopPrank();
    }

    function _purchase(address company, uint256 key, RevenueDeclarations.RevenueDeclaration memory decl, uint256 eth)
        private
    {
        _purchaseSigned(company, decl, _sign(key, decl), eth);
    }

    function _purchaseSigned(
        address company,
        RevenueDeclarations.RevenueDeclaration memory decl,
        bytes memory signature,
        uint256 eth
    ) private {
        vm.prank(company);
        registry.purchase{value: eth}(decl, signature, 365 days, NO_MAX, block.timestamp);
    }

    function _purchaseOrTopUp(
        address company,
        uint256 key,
        RevenueDeclarations.RevenueDeclaration memory decl,
        bool top
    ) private {
        bytes memory signature = _sign(key, decl);
        vm.prank(company);
        if (top) registry.topUp(decl, signature, NO_MAX, block.timestamp);
        else registry.purchase(decl, signature, 365 days, NO_MAX, block.timestamp);
    }
}
