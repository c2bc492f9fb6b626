#!/usr/bin/env node
// Exports the deployable contracts from forge's out/ to artifacts/<ContractName>.json as
// { contractName, abi, bytecode } for Guild.Chain, which deploys from these files without forge.
// `--check` compares a fresh build's export with the committed files and exits 1 on any difference.
import { readFileSync, writeFileSync, mkdirSync, existsSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'out');
const artifactsDir = join(root, 'artifacts');

// [source file name in out/, contract name]
const deployables = [
  ['GuildToken.sol', 'GuildToken'],
  ['VoteEscrow.sol', 'VoteEscrow'],
  ['LicenseRegistry.sol', 'LicenseRegistry'],
  ['RewardsDistributor.sol', 'RewardsDistributor'],
  ['RewardsWeights.sol', 'RewardsWeights'],
  ['GuildGovernor.sol', 'GuildGovernor'],
  ['TimelockController.sol', 'TimelockController'],
  ['VestingWallet.sol', 'VestingWallet'],
  ['TestStablecoin.sol', 'TestStablecoin'],
  ['TestSmartWallet.sol', 'TestSmartWallet'],
];

function exportOne([file, name]) {
  const built = JSON.parse(readFileSync(join(outDir, file, `${name}.json`), 'utf8'));
  const bytecode = built.bytecode?.object;
  if (!bytecode || bytecode === '0x') throw new Error(`${name}: no bytecode in out/${file}`);
  return { contractName: name, abi: built.abi, bytecode };
}

const check = process.argv.includes('--check');
const expected = new Map(deployables.map((d) => [`${d[1]}.json`, JSON.stringify(exportOne(d), null, 2) + '\n']));

if (!check) {
  mkdirSync(artifactsDir, { recursive: true });
  for (const [file, text] of expected) writeFileSync(join(artifactsDir, file), text);
  console.log(`exported ${expected.size} artifacts to artifacts/`);
  process.exit(0);
}

let stale = [];
for (const [file, text] of expected) {
  const path = join(artifactsDir, file);
  if (!existsSync(path) || readFileSync(path, 'utf8') !== text) stale.push(file);
}
const extra = existsSync(artifactsDir)
  ? readdirSync(artifactsDir).filter((f) => f.endsWith('.json') && !expected.has(f))
  : [];
if (stale.length || extra.length) {
  if (stale.length) console.error(`artifacts differ from a fresh build: ${stale.join(', ')}`);
  if (extra.length) console.error(`artifacts not produced by the export: ${extra.join(', ')}`);
  console.error('run `npm run export` and commit solidity/artifacts/');
  process.exit(1);
}
console.log(`artifacts/ matches a fresh build (${expected.size} contracts)`);
