// Optional conveniences for an injected browser wallet (EIP-1193): sign the wallet-link message (personal_sign) and
// send the claim transaction the server prepared. The page works without them; the server checks everything.
(() => {
  if (!window.ethereum) {
    return;
  }
  const request = (method, params) => window.ethereum.request({ method, params });
  const failed = error => 'The wallet did not do it: ' + (error && error.message ? error.message : error);

  const sign = document.querySelector('[data-wallet-sign]');
  const message = document.querySelector('[data-testid="wallet-message"]');
  const signature = document.getElementById('SignatureInput.Signature');
  if (sign && message && signature) {
    sign.hidden = false;
    sign.addEventListener('click', async () => {
      const bytes = new TextEncoder().encode(message.textContent);
      const hex = '0x' + Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
      try {
        await request('eth_requestAccounts', []);
        signature.value = await request('personal_sign', [hex, sign.dataset.address]);
      } catch (error) {
        signature.value = '';
        alert(failed(error));
      }
    });
  }

  const claim = document.querySelector('[data-wallet-claim]');
  const result = document.querySelector('[data-testid="claim-result"]');
  if (claim && result) {
    claim.hidden = false;
    claim.addEventListener('click', async () => {
      claim.disabled = true;
      try {
        const [from] = await request('eth_requestAccounts', []);
        const hash = await request('eth_sendTransaction', [{ from: from || claim.dataset.from, to: claim.dataset.to, data: claim.dataset.calldata }]);
        result.textContent = 'Claim sent: ' + hash + '. Reload the page once it is mined.';
      } catch (error) {
        result.textContent = failed(error);
        claim.disabled = false;
      }
    });
  }
})();
