#!/usr/bin/env node
// Cross-checks the gas method with real receipts: starts anvil (from node_modules) on a spare port, broadcasts
// script/GasCheck.s.sol, prints the claim receipts' gasUsed, and stops anvil.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const port = process.env.GAS_CHECK_PORT ?? '8547';
const key = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'; // anvil's first dev account

const anvil = spawn(bin('anvil'), ['--port', port, '--silent'], { stdio: 'ignore' });
try {
  await new Promise((r) => setTimeout(r, 2000));
  const run = spawnSync(
    bin('forge'),
    ['script', 'script/GasCheck.s.sol', '--rpc-url', `http://127.0.0.1:${port}`, '--broadcast', '--slow', '--private-key', key],
    { cwd: root, stdio: 'inherit' },
  );
  if (run.status !== 0) process.exit(run.status ?? 1);
  const result = JSON.parse(readFileSync(join(root, 'broadcast', 'GasCheck.s.sol', '31337', 'run-latest.json'), 'utf8'));
  const labels = ['setup claim', 'first claim (fresh recipient)', 'Uniswap port: setup claim', 'Uniswap port: first in its word', 'Uniswap port: later in its word'];
  let k = 0;
  result.transactions.forEach((tx, i) => {
    if (!tx.function?.startsWith('claim(')) return;
    console.log(`${tx.contractName.padEnd(30)} ${labels[k++].padEnd(34)} gasUsed ${parseInt(result.receipts[i].gasUsed, 16)}`);
  });
} finally {
  anvil.kill();
}
