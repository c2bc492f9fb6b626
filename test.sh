#!/usr/bin/env bash
# Runs every test: Foundry (forge build/test, solhint, ABI export check, gas snapshot), the compose file check, and
# every xunit project against a real PostgreSQL, anvil, SMTP server (smtp4dev, a dotnet tool) and Chromium that this
# script installs (as root, from Debian and NuGet) and starts on free loopback ports. Ends with "N passed, N failed"
# over xunit and forge.
set -euo pipefail
source "$(dirname "$0")/scripts/lib.sh"
cd "$ROOT"

CONFIGURATION="${CONFIGURATION:-Release}"
WORK="$(mktemp -d /tmp/guild-test.XXXXXX)"
RESULTS="$ROOT/.artifacts/test-results"
started=$(date +%s)
FORGE_PASSED=0; FORGE_FAILED=0; XUNIT_PASSED=0; XUNIT_FAILED=0; OTHER_FAILED=()

cleanup() {
  [ -n "${ANVIL_PID:-}" ] && kill "$ANVIL_PID" 2>/dev/null || true
  stop_postgres
  stop_smtp4dev
  rm -rf "$WORK"
}
trap cleanup EXIT

require_tools
apt_install postgresql chromium docker-compose
solidity_install
test_tools_install

log "Solidity: build, tests, gas suite against .gas-snapshot, lint, ABI export check"
(cd "$SOLIDITY" && npm run --silent build) || die "forge build failed"
# Forge runs twice: the unit/fuzz/invariant suites, and the gas suite in isolation mode checked against the snapshot.
for script in test snapshot:check; do
  set +e
  (cd "$SOLIDITY" && npm run --silent "$script" 2>&1) | tee "$WORK/forge-$script.log"
  status=${PIPESTATUS[0]}
  set -e
  summary="$(grep -E '[0-9]+ tests passed, [0-9]+ failed' "$WORK/forge-$script.log" | tail -n 1 || true)"
  if [ -n "$summary" ]; then
    FORGE_PASSED=$((FORGE_PASSED + $(sed -E 's/.* ([0-9]+) tests passed.*/\1/' <<<"$summary")))
    FORGE_FAILED=$((FORGE_FAILED + $(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$summary")))
  fi
  if [ "$status" -ne 0 ] && ! grep -qE ' [1-9][0-9]* failed' <<<"$summary"; then OTHER_FAILED+=("npm run $script (exit $status)"); fi
done
for script in lint fmt:check export:check; do
  (cd "$SOLIDITY" && npm run --silent "$script") || OTHER_FAILED+=("npm run $script")
done

log "docker-compose.yml: docker-compose config -q"
# The file demands its secrets from the environment; give it placeholders to check everything else.
POSTGRES_PASSWORD=placeholder DEPLOYER_PRIVATE_KEY=placeholder PUBLISHER_PRIVATE_KEY=placeholder DATA_PROTECTION_KEY=placeholder \
  FIRST_STEWARD_EMAIL=steward@example.org docker-compose -f "$ROOT/docker-compose.yml" config -q \
  || OTHER_FAILED+=("docker-compose config")

log "dotnet build ($CONFIGURATION)"
dotnet build "$ROOT/Guild.sln" -c "$CONFIGURATION" -nologo -clp:ErrorsOnly || die "dotnet build failed"

log "dotnet format --verify-no-changes (rules in .editorconfig)"
dotnet format "$ROOT/Guild.sln" --verify-no-changes --no-restore -v q || OTHER_FAILED+=("dotnet format")

log "Starting PostgreSQL, anvil and smtp4dev on free loopback ports"
start_postgres
start_anvil "$WORK"
start_smtp4dev "$WORK"
export GUILD_TEST_POSTGRES="$PG_ADMIN" GUILD_TEST_ANVIL_RPC="$ANVIL_RPC"
export GUILD_TEST_SMTP_HOST=127.0.0.1 GUILD_TEST_SMTP_PORT="$SMTP_PORT" GUILD_TEST_SMTP_API="$SMTP4DEV_URL"
log "PostgreSQL on 127.0.0.1:$PG_PORT, anvil at $ANVIL_RPC, SMTP on 127.0.0.1:$SMTP_PORT (smtp4dev API at $SMTP4DEV_URL)"

log "dotnet test"
rm -rf "$RESULTS"
set +e
dotnet test "$ROOT/Guild.sln" -c "$CONFIGURATION" --no-build -nologo \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$RESULTS" \
  --blame-hang-timeout 10m -- RunConfiguration.TreatNoTestsAsError=false
dotnet_status=$?
set -e
for trx in "$RESULTS"/*.trx; do
  [ -f "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx")"
  XUNIT_PASSED=$((XUNIT_PASSED + $(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")))
  XUNIT_FAILED=$((XUNIT_FAILED + $(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")))
done
if [ "$dotnet_status" -ne 0 ] && [ "$XUNIT_FAILED" -eq 0 ]; then OTHER_FAILED+=("dotnet test (exit $dotnet_status)"); fi

elapsed=$(( $(date +%s) - started ))
log "xunit: $XUNIT_PASSED passed, $XUNIT_FAILED failed · forge: $FORGE_PASSED passed, $FORGE_FAILED failed · ${elapsed}s"
for failure in "${OTHER_FAILED[@]}"; do log "also failed: $failure"; done
passed=$((XUNIT_PASSED + FORGE_PASSED))
failed=$((XUNIT_FAILED + FORGE_FAILED + ${#OTHER_FAILED[@]}))
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
