// Optional: sign the wallet-link message with an injected browser wallet (EIP-1193 personal_sign) instead of pasting a
// signature. The page works without it; the server checks the signature either way.
(() => {
  const button = document.querySelector('[data-wallet-sign]');
  const message = document.querySelector('[data-testid="wallet-message"]');
  const field = document.getElementById('SignatureInput.Signature');
  if (!button || !message || !field || !window.ethereum) {
    return;
  }
  button.hidden = false;
  button.addEventListener('click', async () => {
    const bytes = new TextEncoder().encode(message.textContent);
    const hex = '0x' + Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
    try {
      await window.ethereum.request({ method: 'eth_requestAccounts' });
      field.value = await window.ethereum.request({ method: 'personal_sign', params: [hex, button.dataset.address] });
    } catch (error) {
      field.value = '';
      alert('The wallet did not sign: ' + (error && error.message ? error.message : error));
    }
  });
})();
