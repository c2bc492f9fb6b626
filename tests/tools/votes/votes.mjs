#!/usr/bin/env node
// Independent EIP-712 implementations for the portal's roadmap votes: ethers and viem sign the typed data the portal
// serves, and ethers' verifyTypedData (the path Snapshot uses) is timed for bench/. One JSON request on stdin, one JSON
// answer on stdout:
//   node votes.mjs sign   {"typedData": {types, primaryType, domain, message}, "privateKey": "0x…", "library": "ethers"|"viem"}
//                                                     -> {"signature", "address"}
//   node votes.mjs verify {"typedData": …, "votes": [{"message", "signature"}], "seconds"?: n}
//                                                     -> {"verified", "seconds", "perSecond", "addresses": [...first 5]}
import { Wallet, verifyTypedData } from 'ethers';
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
