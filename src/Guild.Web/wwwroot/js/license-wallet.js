// The company licence page's browser wallet (EIP-1193, window.ethereum), as a module the page imports: which account
// the wallet uses, a signature of the revenue declaration (eth_signTypedData_v4), and sending a transaction the server
// prepared and dry-ran. The server checks every result; nothing here decides anything.
const wallet = () => {
  if (!window.ethereum) {
    throw new Error('No browser wallet: install one (or open this page in a browser that has one).');
  }
  return window.ethereum;
};

const reason = error => (error && (error.data && error.data.message || error.message)) || String(error);

export function hasWallet() {
  return !!window.ethereum;
}

export async function account() {
  try {
    const [address] = await wallet().request({ method: 'eth_requestAccounts', params: [] });
    return { ok: true, value: address ? address.toLowerCase() : null };
  } catch (error) {
    return { ok: false, value: reason(error) };
  }
}

export async function chainId() {
  try {
    return { ok: true, value: String(parseInt(await wallet().request({ method: 'eth_chainId', params: [] }), 16)) };
  } catch (error) {
    return { ok: false, value: reason(error) };
  }
}

export async function signTypedData(address, typedData) {
  try {
    return { ok: true, value: await wallet().request({ method: 'eth_signTypedData_v4', params: [address, typedData] }) };
  } catch (error) {
    return { ok: false, value: reason(error) };
  }
}

// `gas` is the server's limit (its estimate with headroom): a wallet's bare estimate can fall short when the call
// writes a vote checkpoint in a new block.
export async function send(from, to, data, value, gas) {
  try {
    const transaction = { from, to, data, value: '0x' + BigInt(value).toString(16) };
    if (gas) {
      transaction.gas = '0x' + BigInt(gas).toString(16);
    }
    const hash = await wallet().request({ method: 'eth_sendTransaction', params: [transaction] });
    return { ok: true, value: hash };
  } catch (error) {
    return { ok: false, value: reason(error) };
  }
}
