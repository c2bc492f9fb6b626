#!/usr/bin/env node
// An independent EIP-712 implementation for the portal's licence tests: ethers' TypedDataEncoder and Wallet. Reads one
// JSON request on stdin and writes one JSON answer on stdout:
//   node eip712.mjs sign     {"typedData": {types, primaryType, domain, message}, "privateKey": "0x…"} -> {"signature", "digest", "address"}
//   node eip712.mjs hash     {"typedData": {…}}                                                      -> {"digest"}
//   node eip712.mjs recover  {"typedData": {…}, "signature": "0x…"}                                  -> {"address"}
// The typed data is exactly what a wallet receives for eth_signTypedData_v4 (EIP712Domain included; ethers takes the
// other types, as wallets do).
import { TypedDataEncoder, Wallet, verifyTypedData } from 'ethers';

async function readStdin() {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return JSON.parse(text);
}

function parts(typedData) {
  const data = typeof typedData === 'string' ? JSON.parse(typedData) : typedData;
  const { EIP712Domain, ...types } = data.types;
  return { domain: data.domain, types, message: data.message };
}

const commands = {
  async sign({ typedData, privateKey }) {
    const { domain, types, message } = parts(typedData);
    const wallet = new Wallet(privateKey);
    return {
      signature: await wallet.signTypedData(domain, types, message),
      digest: TypedDataEncoder.hash(domain, types, message),
      address: wallet.address.toLowerCase(),
    };
  },
  async hash({ typedData }) {
    const { domain, types, message } = parts(typedData);
    return { digest: TypedDataEncoder.hash(domain, types, message) };
  },
  async recover({ typedData, signature }) {
    const { domain, types, message } = parts(typedData);
    return { address: verifyTypedData(domain, types, message, signature).toLowerCase() };
  },
};

const command = commands[process.argv[2]];
if (!command) {
  console.error(`usage: node eip712.mjs <${Object.keys(commands).join('|')}> < request.json`);
  process.exit(2);
}
process.stdout.write(JSON.stringify(await command(await readStdin())) + '\n');
