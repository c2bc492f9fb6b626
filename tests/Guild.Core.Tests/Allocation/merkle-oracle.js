// Runs @openzeppelin/merkle-tree (from solidity/node_modules) for MerkleTreeInteropTests.
//   node merkle-oracle.js <solidityDir> of <values.json>               -> {root, proofs}
//   node merkle-oracle.js <solidityDir> load <dump.json> <proofs.json>  -> {root, count, verified, sameProofs}
'use strict';
const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');

const [solidityDir, command, input, extra] = process.argv.slice(2);
const { StandardMerkleTree } = createRequire(path.join(solidityDir, 'package.json'))('@openzeppelin/merkle-tree');
const encoding = ['address', 'uint256'];

if (command === 'of') {
  const values = JSON.parse(fs.readFileSync(input, 'utf8'));
  const tree = StandardMerkleTree.of(values, encoding);
  console.log(JSON.stringify({ root: tree.root, proofs: values.map((_, i) => tree.getProof(i)) }));
} else if (command === 'load') {
  const tree = StandardMerkleTree.load(JSON.parse(fs.readFileSync(input, 'utf8')));
  const ours = JSON.parse(fs.readFileSync(extra, 'utf8'));
  let verified = 0;
  let sameProofs = 0;
  for (const [i, value] of tree.entries()) {
    const proof = ours[value[0]];
    if (proof && StandardMerkleTree.verify(tree.root, encoding, value, proof)) verified++;
    if (JSON.stringify(tree.getProof(i)) === JSON.stringify(proof)) sameProofs++;
  }
  console.log(JSON.stringify({ root: tree.root, count: tree.length, verified, sameProofs }));
} else {
  console.error(`unknown command ${command}`);
  process.exit(2);
}
