#!/usr/bin/env node
// An independent Sign-In with Ethereum implementation for the portal's tests: the reference `siwe` library on ethers.
// Reads one JSON request on stdin and writes one JSON answer on stdout:
//   node siwe.mjs sign    {"fields": {domain, address, statement, uri, version, chainId, nonce, issuedAt, expirationTime, resources},
//                          "privateKey": "0x…"}                      -> {"message", "signature"}
//   node siwe.mjs parse   {"message": "…"}                           -> {"ok": true, "fields": {…}} or {"ok": false, "error"}
//   node siwe.mjs verify  {"message", "signature", "domain", "nonce", "rpc"?}
//                                                                    -> {"success", "error"?} (EIP-1271 through rpc when given)
import siwe from 'siwe';
import { JsonRpcProvider, Wallet } from 'ethers';

const { SiweMessage } = siwe;

async function readStdin() {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return JSON.parse(text);
}

function fieldsOf(message) {
  const { domain, address, statement, uri, version, chainId, nonce, issuedAt, expirationTime, notBefore, requestId, resources } = message;
  return { domain, address, statement, uri, version, chainId, nonce, issuedAt, expirationTime, notBefore, requestId, resources };
}

const commands = {
  async sign({ fields, privateKey }) {
    const message = new SiweMessage(fields).prepareMessage();
    const signature = await new Wallet(privateKey).signMessage(message);
    return { message, signature };
  },
  async parse({ message }) {
    try {
      return { ok: true, fields: fieldsOf(new SiweMessage(message)) };
    } catch (error) {
      return { ok: false, error: String(error?.message ?? error) };
    }
  },
  async verify({ message, signature, domain, nonce, rpc }) {
    const provider = rpc ? new JsonRpcProvider(rpc, undefined, { staticNetwork: true }) : undefined;
    try {
      const result = await new SiweMessage(message).verify({ signature, domain, nonce }, { provider, suppressExceptions: true });
      return { success: result.success, error: result.error ? String(result.error.type ?? result.error) : undefined };
    } finally {
      provider?.destroy();
    }
  },
};

const command = commands[process.argv[2]];
if (!command) {
  console.error(`usage: node siwe.mjs <${Object.keys(commands).join('|')}> < request.json`);
  process.exit(2);
}
process.stdout.write(JSON.stringify(await command(await readStdin())) + '\n');
