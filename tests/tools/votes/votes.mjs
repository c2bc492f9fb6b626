#!/usr/bin/env node
// Independent EIP-712 implementations for the portal's roadmap votes: ethers and viem sign the typed data the portal
// serves, and ethers' verifyTypedData (the path Snapshot uses) is timed for bench/. One JSON request on stdin, one JSON
// answer on stdout:
//   node votes.mjs sign   {"typedData": {types, primaryType, domain, message}, "privateKey": "0x…", "library": "ethers"|"viem"}
//                                                     -> {"signature", "address"}
//   node votes.mjs verify {"typedData": …, "votes": [{"message", "signature"}], "seconds"?: n}
//                                                     -> {"verified", "seconds", "perSecond", "addresses": [...first 5]}
//   node votes.mjs hash   {"typedData": …}            -> {"digest"} (ethers' TypedDataEncoder.hash)
//   node votes.mjs seal   {"publicKey": "0x04…", "info": "…", "salt": "…", "plaintext": "…"}
//                                                     -> {"envelope"} (a private ballot, by node's WebCrypto)
import { Wallet, verifyTypedData, TypedDataEncoder } from 'ethers';
import { privateKeyToAccount } from 'viem/accounts';

async function readStdin() {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return JSON.parse(text);
}

const withoutDomain = types => Object.fromEntries(Object.entries(types).filter(([name]) => name !== 'EIP712Domain'));

const commands = {
  async sign({ typedData, privateKey, library }) {
    const types = withoutDomain(typedData.types);
    if (library === 'viem') {
      const account = privateKeyToAccount(privateKey);
      const message = { ...typedData.message, proposal: BigInt(typedData.message.proposal), timestamp: BigInt(typedData.message.timestamp) };
      const signature = await account.signTypedData({ domain: typedData.domain, types, primaryType: typedData.primaryType, message });
      return { signature, address: account.address };
    }
    const wallet = new Wallet(privateKey);
    const signature = await wallet.signTypedData(typedData.domain, types, typedData.message);
    return { signature, address: wallet.address };
  },
  async hash({ typedData }) {
    return { digest: TypedDataEncoder.hash(typedData.domain, withoutDomain(typedData.types), typedData.message) };
  },
  // ECDH P-256 with an ephemeral key, HKDF-SHA256, AES-256-GCM: the envelope the portal's page makes, made by node.
  async seal({ publicKey, info, salt, plaintext }) {
    const { subtle } = globalThis.crypto;
    const hex = bytes => Buffer.from(bytes).toString('hex');
    const curve = { name: 'ECDH', namedCurve: 'P-256' };
    const recipient = await subtle.importKey('raw', Buffer.from(publicKey.slice(2), 'hex'), curve, false, []);
    const ephemeral = await subtle.generateKey(curve, true, ['deriveBits']);
    const shared = await subtle.deriveBits({ name: 'ECDH', public: recipient }, ephemeral.privateKey, 256);
    const material = await subtle.importKey('raw', shared, 'HKDF', false, ['deriveKey']);
    const text = new TextEncoder();
    const key = await subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: text.encode(salt), info: text.encode(info) },
      material, { name: 'AES-GCM', length: 256 }, false, ['encrypt']);
    const nonce = globalThis.crypto.getRandomValues(new Uint8Array(12));
    const sealed = await subtle.encrypt({ name: 'AES-GCM', iv: nonce }, key, text.encode(plaintext));
    return { envelope: '0x' + hex(await subtle.exportKey('raw', ephemeral.publicKey)) + hex(nonce) + hex(sealed) };
  },
  async verify({ typedData, votes, seconds }) {
    const types = withoutDomain(typedData.types);
    const addresses = [];
    const limit = (seconds ?? 1e9) * 1000;
    const start = performance.now();
    let verified = 0;
    for (const vote of votes) {
      const address = verifyTypedData(typedData.domain, types, vote.message, vote.signature);
      if (addresses.length < 5) addresses.push(address.toLowerCase());
      verified++;
      if (performance.now() - start > limit) break;
    }
    const elapsed = (performance.now() - start) / 1000;
    return { verified, seconds: elapsed, perSecond: verified / elapsed, addresses };
  },
};

const [command] = process.argv.slice(2);
if (!commands[command]) {
  console.error(`usage: node votes.mjs ${Object.keys(commands).join('|')} < request.json`);
  process.exit(2);
}
process.stdout.write(JSON.stringify(await commands[command](await readStdin())));
