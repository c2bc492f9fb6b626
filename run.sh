#!/usr/bin/env bash
# Runs the portal with its jobs on the embedded default: SQLite in ./data, an anvil the app starts itself (state kept
# in ./data), an in-process Hangfire server, smtp4dev for its mail (a web UI to read them), and demo logins. Prints the
# URL and the logins once the portal is ready.
set -euo pipefail
source "$(dirname "$0")/scripts/lib.sh"
cd "$ROOT"

require_tools
solidity_install

port="${GUILD_PORT:-5080}"
if ! node -e "const s=require('net').createServer();s.once('error',()=>process.exit(1));s.listen($port,'127.0.0.1',()=>s.close())"; then
  if [ -n "${GUILD_PORT:-}" ]; then die "Port $port (GUILD_PORT) is in use."; fi
  port="$(free_port)"
  log "Port 5080 is in use; using $port instead (set GUILD_PORT to choose)."
fi
url="http://127.0.0.1:$port"

log "Publishing the portal (Release)"
PORTAL="$ROOT/.artifacts/portal"
dotnet publish "$ROOT/src/Guild.Web/Guild.Web.csproj" -c Release -o "$PORTAL" -nologo -clp:ErrorsOnly || die "dotnet publish failed"

mkdir -p "$ROOT/data"
log "Starting smtp4dev (the portal's mail goes there)"
start_smtp4dev "$ROOT/data"
trap stop_smtp4dev EXIT

# The Production environment, as a real install runs (no developer pages, no stack traces), on the embedded default
# with demo data. The local chain shortens governance and the challenge window so the demo moves in minutes, and mines
# a block every two seconds: the demo's Governor vote moves the chain's clock ahead, and an idle chain's clock would
# otherwise stand still at its last block (roots would look unclaimable until the next transaction).
export ASPNETCORE_ENVIRONMENT=Production DataDirectory="$ROOT/data" Demo__Enabled=true Portal__PublicOrigin="$url" \
  Chain__Deployment__TimelockDelaySeconds=60 Chain__Deployment__GenesisDaysAgo=60 Chain__Deployment__VotingDelaySeconds=1 \
  Chain__Deployment__VotingPeriodSeconds=600 Chain__Deployment__ChallengePeriodSeconds=60 Logging__Console__FormatterName=simple \
  Chain__Embedded__BlockTimeSeconds=2
export Email__Host=127.0.0.1 Email__Port="$SMTP_PORT" Email__Security=None
log "Starting Guild at $url (data in ./data; Ctrl+C stops the portal, its jobs and anvil)"
# The app itself, not `dotnet run`: a signal reaches it directly. A background job of a script ignores SIGINT, so the
# trap turns Ctrl+C into the SIGTERM the host stops on (the portal, its jobs and the embedded anvil).
(cd "$PORTAL" && exec dotnet Guild.Web.dll --urls "$url") &
app=$!
trap 'kill -TERM $app 2>/dev/null; wait $app' INT TERM

for _ in $(seq 1 120); do
  if node -e "fetch('$url/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"; then
    printf '\n  Guild is running at %s\n\n  Demo logins (also in ./data/demo-logins.txt):\n' "$url"
    grep -v '^#' "$ROOT/data/demo-logins.txt" | awk -F'\t' '{ printf "    %-11s %-26s %s\n", $3, $1, $2; if ($4 != "") printf "    %-11s authenticator app (stewards need one): %s\n", "", $4; if ($5 != "") printf "    %-11s %s\n", "", $5 }'
    printf '\n  The demo company (Company above) acts for "Acme Robotics (demo)": its funded wallet can declare 11,000,000 USD and buy\n'
    printf '  at %s/organisation/license. Register: %s/licenses · licence text: %s/license\n' "$url" "$url" "$url"
    printf '\n  Mail: every mail the portal sends (confirmations, password resets, invitations) is at %s\n' "$SMTP4DEV_URL"
    printf '  Jobs dashboard: %s/jobs (stewards) · API: %s/openapi/v1.json · Health: %s/health/ready\n\n' "$url" "$url" "$url"
    break
  fi
  kill -0 "$app" 2>/dev/null || { wait "$app"; exit $?; }
  sleep 1
done
wait "$app"
