# Shared by ./run.sh and ./test.sh: install what is missing, pick free ports, start and stop PostgreSQL and anvil.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SOLIDITY="$ROOT/solidity"

log() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

require_tools() {
  command -v dotnet >/dev/null || die "The .NET 10 SDK is required (dotnet not found)."
  command -v node >/dev/null || die "Node.js is required (node not found)."
  command -v npm >/dev/null || die "npm is required (npm not found)."
}

# Installs Debian packages that are missing, when running as root; otherwise says what to install.
APT_UPDATED=0
apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then die "Missing Debian packages: ${missing[*]} (run as root to install them, or install them yourself)."; fi
  log "Installing ${missing[*]} from Debian"
  if [ $APT_UPDATED -eq 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# npm ci in solidity/ unless node_modules already matches the lock file.
solidity_install() {
  local stamp="$SOLIDITY/node_modules/.guild-lock.sha256"
  local want; want="$(sha256sum "$SOLIDITY/package-lock.json" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$(anvil_bin)" ]; then return 0; fi
  log "npm ci (solidity/: forge, anvil, solc, OpenZeppelin)"
  (cd "$SOLIDITY" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed in solidity/"
  echo "$want" > "$stamp"
}

# npm ci in each tests/tools/ folder unless its node_modules already matches its lock file: siwe/ (the independent
# Sign-In with Ethereum signer: siwe, ethers) and votes/ (independent EIP-712 vote signers and the bench's comparison
# path: ethers, viem).
test_tools_install() {
  local tool dir stamp want
  for tool in siwe votes; do
    dir="$ROOT/tests/tools/$tool"
    stamp="$dir/node_modules/.guild-lock.sha256"
    want="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then continue; fi
    log "npm ci (tests/tools/$tool/)"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed in tests/tools/$tool/"
    echo "$want" > "$stamp"
  done
}

anvil_bin() {
  local arch; arch="$(uname -m)"; case "$arch" in x86_64) arch=amd64 ;; aarch64) arch=arm64 ;; esac
  echo "$SOLIDITY/node_modules/@foundry-rs/anvil-linux-$arch/bin/anvil"
}

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

# Starts anvil on a free loopback port (anvil binds port 0 and prints the port it got); sets ANVIL_PID and ANVIL_RPC.
start_anvil() {
  local out="$1/anvil.out"
  : >"$out" # exists before the background process opens it, so the first read below cannot fail
  "$(anvil_bin)" --host 127.0.0.1 --port 0 >"$out" 2>&1 &
  ANVIL_PID=$!
  for _ in $(seq 1 200); do
    local port
    port="$(sed -n 's/^Listening on [^:]*:\([0-9]*\).*/\1/p' "$out" | head -n 1 || true)"
    if [ -n "$port" ]; then ANVIL_RPC="http://127.0.0.1:$port"; return 0; fi
    kill -0 "$ANVIL_PID" 2>/dev/null || die "anvil exited: $(tail -n 5 "$out")"
    sleep 0.1
  done
  die "anvil did not start listening"
}

# Starts a throw-away PostgreSQL cluster on a free loopback port; sets PG_DIR, PG_BIN, PG_PORT and PG_ADMIN.
# PostgreSQL refuses to run as root, so as root it runs as the postgres user.
start_postgres() {
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [ -x "$PG_BIN/initdb" ] || die "PostgreSQL server binaries not found under /usr/lib/postgresql"
  PG_DIR="$(mktemp -d /tmp/guild-pg.XXXXXX)"
  PG_PORT="$(free_port)"
  local as=()
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$PG_DIR"; as=(runuser -u postgres --); fi
  "${as[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres -E UTF8 >"$PG_DIR/initdb.log" 2>&1 \
    || die "initdb failed: $(tail -n 5 "$PG_DIR/initdb.log")"
  "${as[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 start \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    >/dev/null || die "PostgreSQL did not start: $(tail -n 5 "$PG_DIR/server.log")"
  PG_ADMIN="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
}

stop_postgres() {
  [ -n "${PG_DIR:-}" ] || return 0
  local as=(); [ "$(id -u)" -eq 0 ] && as=(runuser -u postgres --)
  "${as[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}

# Starts smtp4dev (the dotnet tool from dotnet-tools.json: a real SMTP server with a web UI and a JSON API) on free
# loopback ports with its database in $1; sets SMTP4DEV_PID, SMTP_PORT and SMTP4DEV_URL.
start_smtp4dev() {
  local dir="$1"
  (cd "$ROOT" && dotnet tool restore >/dev/null) || die "dotnet tool restore failed (smtp4dev)"
  SMTP_PORT="$(free_port)"
  local http imap pop3
  http="$(free_port)"; imap="$(free_port)"; pop3="$(free_port)"
  SMTP4DEV_URL="http://127.0.0.1:$http"
  (cd "$ROOT" && exec dotnet tool run smtp4dev -- --urls "$SMTP4DEV_URL" --hostname 127.0.0.1 --smtpport "$SMTP_PORT" \
    --imapport "$imap" --pop3port "$pop3" --db="$dir/smtp4dev.db" --nousersettings) >"$dir/smtp4dev.out" 2>&1 &
  SMTP4DEV_PID=$!
  for _ in $(seq 1 300); do
    if node -e "fetch('$SMTP4DEV_URL/api/messages').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))" 2>/dev/null; then return 0; fi
    kill -0 "$SMTP4DEV_PID" 2>/dev/null || die "smtp4dev exited: $(tail -n 5 "$dir/smtp4dev.out")"
    sleep 0.2
  done
  die "smtp4dev did not start: $(tail -n 5 "$dir/smtp4dev.out")"
}

stop_smtp4dev() {
  [ -n "${SMTP4DEV_PID:-}" ] || return 0
  # `dotnet tool run` starts the server as its child: stop the child first, then the launcher.
  local child
  for child in $(pgrep -P "$SMTP4DEV_PID" 2>/dev/null || true); do kill "$child" 2>/dev/null || true; done
  kill "$SMTP4DEV_PID" 2>/dev/null || true
  wait "$SMTP4DEV_PID" 2>/dev/null || true
  SMTP4DEV_PID=
}
