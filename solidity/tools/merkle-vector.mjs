#!/usr/bin/env node
// Writes test/fixtures/merkle-vector.json: a small StandardMerkleTree of [address, uint256] leaves built with
// @openzeppelin/merkle-tree, so the Solidity tests (and Guild.Core's C# tree) can pin byte-compatibility with it.
import { writeFileSync } from 'node:fs';
import { StandardMerkleTree } from '@openzeppelin/merkle-tree';

const values = [
  ['0x1111111111111111111111111111111111111111', '5000000000000000000'],
  ['0x2222222222222222222222222222222222222222', '2500000000000000000'],
  ['0x3333333333333333333333333333333333333333', '1'],
  ['0x4444444444444444444444444444444444444444', '1000000000000000000000000'],
  ['0x5555555555555555555555555555555555555555', '123456789012345678901234'],
];
const tree = StandardMerkleTree.of(values, ['address', 'uint256']);
const leaves = values.map(([account, amount], i) => ({ account, amount, proof: tree.getProof(i) }));
const out = { root: tree.root, encoding: ['address', 'uint256'], leaves };
writeFileSync(new URL('../test/fixtures/merkle-vector.json', import.meta.url), JSON.stringify(out, null, 2) + '\n');
console.log(tree.root);
