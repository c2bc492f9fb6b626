// The member pages' browser-wallet actions (EIP-1193): lock, top up, extend and withdraw $AGI in the vote escrow,
// delegate (by transaction or by signature), sign roadmap votes (eth_signTypedData_v4; on a private proposal the
// ballot is first encrypted to the proposal's key with WebCrypto) and take Governor proposals through voting, queueing
// and execution. The server renders the addresses, selectors and prepared calldata; this
// file only encodes the numbers a person types, asks the wallet, waits for the receipt and reloads. Every rule is
// checked again by the contracts or the server.
(() => {
  const $ = selector => document.querySelector(selector);
  const status = $('[data-testid="wallet-status"]');
  const say = text => { if (status) status.textContent = text; };
  const failed = error => 'The wallet did not do it: ' + (error && error.message ? error.message : error);

  const word = value => BigInt(value).toString(16).padStart(64, '0');
  const address = value => value.toLowerCase().replace(/^0x/, '').padStart(64, '0');
  const bytesHex = bytes => Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
  // A dynamic string argument's tail: its length, then its UTF-8 bytes padded to whole words.
  const stringTail = text => {
    const hex = bytesHex(new TextEncoder().encode(text));
    return word(hex.length / 2) + hex.padEnd(Math.ceil(hex.length / 64) * 64, '0');
  };
  // "12.5" AGI -> wei as a BigInt; null when it is not a plain positive decimal with at most 18 decimals.
  const toWei = text => {
    const match = /^\s*(\d+)(?:\.(\d{1,18}))?\s*$/.exec(text || '');
    if (!match) return null;
    return BigInt(match[1]) * 10n ** 18n + BigInt((match[2] || '').padEnd(18, '0'));
  };
  const agi = wei => {
    const whole = wei / 10n ** 18n;
    const fraction = (wei % 10n ** 18n).toString().padStart(18, '0').slice(0, 2);
    return whole.toLocaleString('en-US') + '.' + fraction + ' AGI';
  };

  if (!window.ethereum) {
    document.querySelectorAll('[data-needs-wallet]').forEach(e => { e.hidden = false; });
    return;
  }
  const request = (method, params) => window.ethereum.request({ method, params });
  const account = async () => (await request('eth_requestAccounts', []))[0];

  async function send(to, data) {
    const from = await account();
    // Our own estimate with a margin: the estimate is taken at the last block, and the escrow's and the token's
    // histories cost more when the transaction lands in a later second (a new checkpoint instead of an updated one).
    const estimate = BigInt(await request('eth_estimateGas', [{ from, to, data }]));
    const gas = '0x' + (estimate * 5n / 4n + 20000n).toString(16);
    const hash = await request('eth_sendTransaction', [{ from, to, data, gas }]);
    say('Sent ' + hash + ', waiting for it to be mined…');
    for (let i = 0; i < 240; i++) {
      const receipt = await request('eth_getTransactionReceipt', [hash]);
      if (receipt) {
        if (receipt.status !== '0x1') {
          // Replay it as a call to learn why (the node answers with the contract's error, when it has one).
          let why = '';
          try { await request('eth_call', [{ from, to, data }, receipt.blockNumber]); } catch (error) { why = error && error.message ? ': ' + error.message : ''; }
          throw new Error('the transaction ' + hash + ' reverted' + why);
        }
        lastHash = hash;
        return hash;
      }
      await new Promise(resolve => setTimeout(resolve, 500));
    }
    throw new Error('the transaction ' + hash + ' was not mined in two minutes');
  }

  // After a wallet action the page is fetched again with GET (a reload would resubmit a form the page was posted
  // with), and the outcome is shown again once it has loaded, so the person sees what happened.
  const saved = 'guild.wallet-status';
  let lastHash = null;
  const reload = () => {
    const text = status ? status.textContent.replace(/[;.]?\s*reloading…$/i, '.') : '';
    try { sessionStorage.setItem(saved, lastHash ? text + ' Transaction ' + lastHash + ' confirmed.' : text); } catch { /* storage off */ }
    window.location.assign(window.location.pathname + window.location.search);
  };
  try {
    const previous = sessionStorage.getItem(saved);
    if (previous) { sessionStorage.removeItem(saved); say(previous); }
  } catch { /* storage off */ }
  const guard = action => async event => {
    const button = event.currentTarget;
    button.disabled = true;
    try {
      await action(button);
    } catch (error) {
      say(failed(error));
      button.disabled = false;
    }
  };

  // ---- Stake: lock, top up, extend, withdraw ------------------------------------------------------------------
  const stake = $('[data-stake]');
  if (stake) {
    const d = stake.dataset;
    const selectors = JSON.parse(d.selectors);
    const week = BigInt(d.week), max = BigInt(d.max);
    const loadedAt = Date.now();
    const chainNow = () => BigInt(d.now) + BigInt(Math.floor((Date.now() - loadedAt) / 1000));
    const amountInput = $('#stake-amount'), weeksInput = $('#stake-weeks'), preview = $('[data-testid="stake-preview"]');

    const previewPower = () => {
      const now = chainNow();
      const weeks = BigInt(Math.max(1, Math.min(208, parseInt(weeksInput.value || '0', 10) || 0)));
      const added = toWei(amountInput.value) ?? 0n;
      const locked = BigInt(d.locked);
      const hasLock = d.hasLock === 'true';
      // Ends fall on week boundaries at or before now + duration (the escrow's rule); an existing lock keeps its end.
      const chosenEnd = ((now + weeks * week) / week) * week;
      const end = hasLock ? (BigInt(d.lockEnd) > chosenEnd ? BigInt(d.lockEnd) : chosenEnd) : chosenEnd;
      const power = ((locked + added) / max) * (end > now ? end - now : 0n);
      preview.textContent = 'Voting power right after: ' + agi(power) + ', falling to zero on ' +
        new Date(Number(end) * 1000).toISOString().slice(0, 10) + ' (a 4-year lock of the same amount: ' + agi(((locked + added) / max) * max) + ').';
    };
    [amountInput, weeksInput].forEach(input => input && input.addEventListener('input', previewPower));
    if (amountInput && weeksInput) previewPower();

    const approveIfNeeded = async amount => {
      if (BigInt(d.allowance) >= amount) return;
      await send(d.token, selectors.approve + address(d.escrow) + word(amount));
    };
    const amount = () => {
      const wei = toWei(amountInput.value);
      if (!wei || wei === 0n) throw new Error('type an amount of AGI, like 1000 or 12.5');
      return wei;
    };
    const weeks = () => BigInt(Math.max(1, Math.min(208, parseInt(weeksInput.value || '0', 10) || 0))) * week;
    const actions = {
      lock: async () => { const a = amount(); await approveIfNeeded(a); await send(d.escrow, selectors.createLock + word(a) + word(weeks())); },
      increase: async () => { const a = amount(); await approveIfNeeded(a); await send(d.escrow, selectors.increaseAmount + word(a)); },
      extend: async () => { await send(d.escrow, selectors.extendLock + word(weeks())); },
      withdraw: async () => { await send(d.escrow, selectors.withdraw); },
    };
    document.querySelectorAll('[data-stake-action]').forEach(button => {
      button.hidden = false;
      button.addEventListener('click', guard(async b => { await actions[b.dataset.stakeAction](); say('Done; reloading…'); reload(); }));
    });
  }

  // ---- Delegation: by transaction or by signature ---------------------------------------------------------------
  const delegation = $('[data-delegation]');
  if (delegation) {
    const d = delegation.dataset;
    const target = () => {
      const value = ($('#delegate-to').value || '').trim();
      if (!/^0x[0-9a-fA-F]{40}$/.test(value)) throw new Error('choose a member or type a 0x address');
      return value;
    };
    const byTx = $('[data-delegate-tx]');
    if (byTx) {
      byTx.hidden = false;
      byTx.addEventListener('click', guard(async () => { await send(d.escrow, d.selector + address(target())); say('Delegated; reloading…'); reload(); }));
    }
    const back = $('[data-delegate-self]');
    if (back) {
      back.hidden = false;
      back.addEventListener('click', guard(async () => { await send(d.escrow, d.selector + address(d.self)); say('Your votes are yours again; reloading…'); reload(); }));
    }
    const bySig = $('[data-delegate-sig]');
    if (bySig) {
      bySig.hidden = false;
      bySig.addEventListener('click', guard(async () => {
        const delegatee = target();
        const expiry = Math.floor(Date.now() / 1000) + 3600;
        const typed = {
          types: {
            EIP712Domain: [{ name: 'name', type: 'string' }, { name: 'version', type: 'string' }, { name: 'chainId', type: 'uint256' }, { name: 'verifyingContract', type: 'address' }],
            Delegation: [{ name: 'delegatee', type: 'address' }, { name: 'nonce', type: 'uint256' }, { name: 'expiry', type: 'uint256' }],
          },
          primaryType: 'Delegation',
          domain: { name: 'VoteEscrow', version: '1', chainId: Number(d.chainId), verifyingContract: d.escrow },
          message: { delegatee, nonce: d.nonce, expiry: String(expiry) },
        };
        const signer = await account();
        const signature = await request('eth_signTypedData_v4', [signer, JSON.stringify(typed)]);
        $('#sig-delegatee').value = delegatee;
        $('#sig-expiry').value = String(expiry);
        $('#sig-signature').value = signature;
        $('#delegate-by-signature').submit();
      }));
    }
    const search = $('#member-search');
    if (search) {
      search.addEventListener('input', () => {
        const q = search.value.toLowerCase();
        document.querySelectorAll('[data-member-row]').forEach(row => { row.hidden = q && !row.textContent.toLowerCase().includes(q); });
      });
      document.querySelectorAll('[data-pick-member]').forEach(b => b.addEventListener('click', () => { $('#delegate-to').value = b.dataset.pickMember; }));
    }
  }

  // ---- Private ballots: ECDH P-256 -> HKDF-SHA256 -> AES-256-GCM (see PrivateBallot.cs, which opens them) --------
  // The envelope is the ephemeral public key (65 bytes) || the 96-bit nonce || ciphertext and tag, as 0x-hex.
  const hexBytes = hex => Uint8Array.from((hex.replace(/^0x/, '').match(/../g) || []).map(b => parseInt(b, 16)));
  const sealBallot = async (publicKey, proposal, chainId, ballot) => {
    const subtle = window.crypto && window.crypto.subtle;
    if (!subtle) throw new Error('this page needs WebCrypto (HTTPS) to encrypt a private ballot');
    const curve = { name: 'ECDH', namedCurve: 'P-256' };
    const recipient = await subtle.importKey('raw', hexBytes(publicKey), curve, false, []);
    const ephemeral = await subtle.generateKey(curve, true, ['deriveBits']);
    const shared = await subtle.deriveBits({ name: 'ECDH', public: recipient }, ephemeral.privateKey, 256);
    const material = await subtle.importKey('raw', shared, 'HKDF', false, ['deriveKey']);
    const text = new TextEncoder();
    const key = await subtle.deriveKey(
      { name: 'HKDF', hash: 'SHA-256', salt: text.encode('guild-private-vote-v1'), info: text.encode('guild-private-vote:' + proposal + ':' + chainId) },
      material, { name: 'AES-GCM', length: 256 }, false, ['encrypt']);
    const nonce = window.crypto.getRandomValues(new Uint8Array(12));
    const sealed = new Uint8Array(await subtle.encrypt({ name: 'AES-GCM', iv: nonce }, key, text.encode(JSON.stringify(ballot))));
    const point = new Uint8Array(await subtle.exportKey('raw', ephemeral.publicKey));
    return '0x' + bytesHex(point) + bytesHex(nonce) + bytesHex(sealed);
  };

  // ---- Roadmap votes: EIP-712 by eth_signTypedData_v4, posted to the API ----------------------------------------
  const vote = $('[data-roadmap-vote]');
  if (vote) {
    const d = vote.dataset;
    const sign = $('[data-vote-sign]');
    sign.hidden = false;
    sign.addEventListener('click', guard(async () => {
      let choices;
      if (d.type === 'RankedChoice') {
        choices = Array.from(document.querySelectorAll('[data-rank]'))
          .map(select => ({ choice: Number(select.dataset.rank), rank: Number(select.value) }))
          .filter(x => x.rank > 0).sort((a, b) => a.rank - b.rank).map(x => x.choice);
      } else {
        choices = Array.from(document.querySelectorAll('[data-choice]:checked')).map(input => Number(input.value));
      }
      const reason = ($('#vote-reason').value || '');
      const timestamp = Math.floor(Date.now() / 1000);
      const typed = JSON.parse(d.typedData);
      const isPrivate = d.private === 'true';
      // The server cannot check a sealed ballot until the end (a bad one is spoiled then), so check it here.
      if (isPrivate && choices.length === 0) throw new Error('choose at least one option');
      // A private vote signs the encrypted ballot, never the choices: the server stores it unopened until the end.
      const ballot = isPrivate ? await sealBallot(d.publicKey, d.proposal, d.chainId, { choices, reason }) : null;
      typed.message = isPrivate
        ? { proposal: d.proposal, ballot, timestamp: String(timestamp) }
        : { proposal: d.proposal, choices, reason, timestamp: String(timestamp) };
      const voter = await account();
      const signature = await request('eth_signTypedData_v4', [voter, JSON.stringify(typed)]);
      const response = await fetch('/api/roadmap/proposals/' + d.proposal + '/votes', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(isPrivate ? { voter, timestamp, signature, ballot } : { voter, choices, reason, timestamp, signature }),
      });
      const answer = await response.json();
      if (!response.ok) {
        say('Not counted: ' + (answer.detail || Object.values(answer.errors || {}).flat().join('; ') || response.status));
        sign.disabled = false;
        return;
      }
      say((answer.replaced ? 'Your earlier vote was replaced. ' : 'Vote counted. ') + 'Weight: ' + agi(BigInt(answer.weight)) + '. Reloading…');
      reload();
    }));
  }

  // ---- Governor: propose, vote, queue, execute ------------------------------------------------------------------
  document.querySelectorAll('[data-governor-send]').forEach(button => {
    button.hidden = false;
    button.addEventListener('click', guard(async b => { await send(b.dataset.to, b.dataset.calldata); say('Done; reloading…'); reload(); }));
  });
  document.querySelectorAll('[data-governor-vote]').forEach(button => {
    button.hidden = false;
    button.addEventListener('click', guard(async b => {
      const reason = ($('#governor-reason-' + b.dataset.proposal) || { value: '' }).value;
      // castVoteWithReason(uint256 proposalId, uint8 support, string reason)
      const data = b.dataset.selector + word(b.dataset.proposal) + word(b.dataset.support) + word(96) + stringTail(reason);
      await send(b.dataset.to, data);
      say('Vote cast; reloading…');
      reload();
    }));
  });
})();
