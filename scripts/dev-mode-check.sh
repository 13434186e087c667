#!/usr/bin/env bash
# Quarkus dev mode against a Key Vault, as the README's "Against a real development vault" runs it, checked end to
# end. See --help.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/dev-mode-check.sh [--help]

Runs ./mvnw quarkus:dev the way the README's "Against a real development vault" does without Docker (the "local"
profile's PostgreSQL), with the project's Key Vault emulator standing in for the vault and the database password taken
from it too (the emulator's db-password is the local role's), and checks what a developer relies on
(io.fugue.devmode.DevModeCheck):
  - dev mode boots with quarkus.datasource.password and fugue.session.signing-key resolved from the vault, and an
    account can sign up, log in and read its session;
  - the Dev UI's configuration page answers (its JSON-RPC methods over /q/dev-ui/json-rpc-ws) and shows no value
    for either property, while ordinary properties keep theirs;
  - no value the emulator stores is in those answers or in the dev-mode log.

The emulator (io.fugue.testing.keyvault.KeyVaultEmulatorMain, a JVM of its own) serves HTTPS with a certificate made
for the run and a Container Apps style managed-identity endpoint; dev mode trusts it through javax.net.ssl.* and
finds it through DefaultAzureCredential's managed-identity variables, as in Azure. The database is
DEV_CHECK_DATABASE on localhost:5432 (role fugue), created when missing.

Needs: PostgreSQL with the README's role fugue/fugue, curl; compiles the test classes when they are missing.
Stops every process it started on exit. Exit 1 when a check fails; the dev-mode log stays in DEV_CHECK_OUT.

Environment [default]: DEV_CHECK_PORT [18097], DEV_CHECK_DATABASE [fugue_devcheck],
DEV_CHECK_OUT [target/dev-mode-check], DEV_CHECK_BOOT_SECONDS [300].
EOF
}
[[ "${1:-}" == "--help" || "${1:-}" == "-h" ]] && { usage; exit 0; }
[[ $# -eq 0 ]] || { usage >&2; exit 2; }

cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/stack.sh
source scripts/lib/stack.sh

PORT=${DEV_CHECK_PORT:-18097}
DATABASE=${DEV_CHECK_DATABASE:-fugue_devcheck}
OUT=${DEV_CHECK_OUT:-target/dev-mode-check}
BOOT_SECONDS=${DEV_CHECK_BOOT_SECONDS:-300}
mkdir -p "$OUT"

EMULATOR_PID=""
DEV_PID=""
cleanup() {
  # Dev mode is Maven plus the application's JVM: stop the whole process group started below. A stopped process
  # makes wait fail, hence the || true (errexit is on inside this function too).
  if [[ -n "$DEV_PID" ]]; then
    kill -- "-$DEV_PID" 2>/dev/null || true
    wait "$DEV_PID" 2>/dev/null || true
  fi
  if [[ -n "$EMULATOR_PID" ]]; then
    kill "$EMULATOR_PID" 2>/dev/null || true
    wait "$EMULATOR_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

command -v curl >/dev/null || { echo "curl is needed" >&2; exit 1; }
[[ -f target/test-classes/io/fugue/devmode/DevModeCheck.class ]] || ./mvnw -B -q test-compile
CLASSPATH_TEST=$(stack_test_classpath target/test-classpath.txt)
stack_database "$DATABASE" fugue

echo "== Key Vault emulator"
stack_start_emulator java "$CLASSPATH_TEST" "$OUT/emulator.properties" "$OUT/emulator.log"
SETTINGS="$OUT/emulator.properties"

echo "== ./mvnw quarkus:dev against $(stack_setting "$SETTINGS" vault.url) (log: $OUT/dev.log)"
# The README's command. The endpoint and identity come from the environment, as az login's would, and so does the
# database URL; trust store, host names and HTTP port go to the application's JVM.
stack_app_environment "$SETTINGS" "jdbc:postgresql://localhost:5432/$DATABASE" "$PORT"
# setsid: a process group of its own, so that cleanup stops Maven and the application JVM it forks.
# shellcheck disable=SC2016  # the ${kv//…} references are for Quarkus, not the shell
setsid ./mvnw -B quarkus:dev -Dquarkus.profile=dev,local -Ddebug=false -Dquarkus.console.enabled=false \
  -Dquarkus.analytics.disabled=true -Dfugue.operations.port=0 \
  '-Dquarkus.datasource.password=${kv//db-password}' '-Dfugue.session.signing-key=${kv//session-signing-key}' \
  -Djvm.args="${STACK_SYSPROPS[*]}" >"$OUT/dev.log" 2>&1 </dev/null &
DEV_PID=$!
if ! stack_wait_http "http://127.0.0.1:$PORT/q/health/ready" "$BOOT_SECONDS"; then
  tail -n 60 "$OUT/dev.log" >&2
  echo "FAILED: dev mode was not ready within $BOOT_SECONDS s" >&2
  exit 1
fi
grep -o 'Resolved [0-9]* secrets from [0-9]* vault(s) in [0-9]* ms' "$OUT/dev.log" | head -n 1

echo "== Checks"
java -cp "$CLASSPATH_TEST" io.fugue.devmode.DevModeCheck "http://127.0.0.1:$PORT" \
  "$(stack_setting "$SETTINGS" control.url)" "$OUT/dev.log"
echo "dev-mode check passed"
