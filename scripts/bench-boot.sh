#!/usr/bin/env bash
# Boot-time benchmark of fugue's Key Vault config source. See --help and docs/benchmarks.md.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/bench-boot.sh [--help]

Measures, in one run, against the project's Key Vault emulator (a separate JVM on loopback):
  env            boot of the packaged app (java -jar target/quarkus-app/quarkus-run.jar, prod profile) to the first
                 HTTP 200 on /q/health/ready, every value given as env var / system property (Method 1)
  fugue          the same boot with K ${kv//...} references resolved from the emulator
  sequential     resolution time of the sequential, quarkiverse-style baseline (new HTTP client + credential +
                 SecretClient per property, blocking gets) in a fresh harness JVM
  fugue-harness  fugue's KeyVaultConfigSourceFactory resolving the same K in the same harness
for every K and injected latency (applied to vault requests and to the token endpoint alike), and writes
medians [min-max] and ratios to $BENCH_OUT/results.md (raw samples: runs.csv; logs: logs/).

It builds the app once (./mvnw -B -q package -DskipTests), needs PostgreSQL on localhost:5432 (started if down,
database fugue_bench created for role fugue if missing), waits for the machine to be quiet before measuring, and
stops every process it started when it exits.

Environment (defaults in brackets):
  BENCH_RUNS            measured runs per cell [5]
  BENCH_WARMUP          warm-up rounds, discarded [1]
  BENCH_KS              referenced secrets per cell, comma-separated [1,10,50]
  BENCH_LATENCIES       injected latency in ms, comma-separated [0,50]
  BENCH_MODES           [env,fugue,sequential,fugue-harness]
  BENCH_OUT             output directory [target/bench]
  BENCH_APP_PORT        HTTP port of the app under test [18080]
  BENCH_IDENTITY_PORT   emulator's managed-identity port [18181]
  BENCH_JAVA_HOME       JDK running everything [$JAVA_HOME, else /usr/lib/jvm/temurin-25-jdk-amd64]
  BENCH_APP             jar: boot the fast-jar; native: boot the native executable target/*-runner (build it first
                        with ./mvnw package -Dnative -DskipTests). It applies to the env and fugue modes; the
                        sequential and fugue-harness modes run in a harness JVM either way [jar]
  BENCH_SKIP_BUILD      1: reuse target/ as it is [0]
  BENCH_MVN_FLAGS       extra Maven flags, e.g. -o [none]
  BENCH_DB              database [fugue_bench]
  BENCH_QUIET_PCT       "quiet" = other processes use at most this % of all cores [10]
  BENCH_QUIET_WAIT      seconds to wait for quiet before starting, then go on and say so [900]
  BENCH_RETRIES         re-measure a sample during which others used more than BENCH_QUIET_PCT, up to n times [3]
  BENCH_RETRY_WAIT      seconds to wait for quiet before each such re-measurement [180]
  BENCH_KEEP_POSTGRES   1: leave PostgreSQL running if this script had to start it [0]
EOF
}

if [[ $# -gt 0 ]]; then
  case "$1" in
    -h|--help) usage; exit 0 ;;
    *) echo "Unknown argument: $1 (try --help)" >&2; exit 2 ;;
  esac
fi

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

RUNS="${BENCH_RUNS:-5}"
WARMUP="${BENCH_WARMUP:-1}"
KS="${BENCH_KS:-1,10,50}"
LATENCIES="${BENCH_LATENCIES:-0,50}"
MODES="${BENCH_MODES:-env,fugue,sequential,fugue-harness}"
OUT="${BENCH_OUT:-target/bench}"
APP_PORT="${BENCH_APP_PORT:-18080}"
IDENTITY_PORT="${BENCH_IDENTITY_PORT:-18181}"
JDK="${BENCH_JAVA_HOME:-${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}}"
DB="${BENCH_DB:-fugue_bench}"
QUIET_PCT="${BENCH_QUIET_PCT:-10}"
QUIET_WAIT="${BENCH_QUIET_WAIT:-900}"
RETRIES="${BENCH_RETRIES:-3}"
RETRY_WAIT="${BENCH_RETRY_WAIT:-180}"
JAVA="$JDK/bin/java"
HOSTS_FILE="$ROOT/src/test/resources/test-hosts"
JDBC_URL="jdbc:postgresql://localhost:5432/$DB"

[[ -x "$JAVA" ]] || { echo "No java at $JAVA (set BENCH_JAVA_HOME)" >&2; exit 1; }
export JAVA_HOME="$JDK"
export PATH="$JDK/bin:$PATH"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"

EMULATOR_PID=""
DRIVER_PID=""
STARTED_POSTGRES=0

# Stops what this script started, by process id, and nothing else.
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [[ -n "$DRIVER_PID" ]] && kill -0 "$DRIVER_PID" 2>/dev/null; then
    kill -TERM "$DRIVER_PID" 2>/dev/null || true   # its shutdown hook stops the app or harness it runs
    for _ in $(seq 100); do kill -0 "$DRIVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$DRIVER_PID" 2>/dev/null || true
  fi
  if [[ -n "$EMULATOR_PID" ]] && kill -0 "$EMULATOR_PID" 2>/dev/null; then
    kill -TERM "$EMULATOR_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$EMULATOR_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$EMULATOR_PID" 2>/dev/null || true
  fi
  if [[ "$STARTED_POSTGRES" == 1 && "${BENCH_KEEP_POSTGRES:-0}" != 1 ]]; then
    pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" main stop || true
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# % of all cores busy over the next $1 seconds, whoever uses them.
cpu_busy_pct() {
  local a b
  read -r -a a < <(head -1 /proc/stat)
  sleep "$1"
  read -r -a b < <(head -1 /proc/stat)
  local busy=$(( (b[1]+b[2]+b[3]+b[6]+b[7]+b[8]) - (a[1]+a[2]+a[3]+a[6]+a[7]+a[8]) ))
  local idle=$(( (b[4]+b[5]) - (a[4]+a[5]) ))
  echo $(( 100 * busy / (busy + idle > 0 ? busy + idle : 1) ))
}

top_processes() { ps -eo pid,user,etime,pcpu,args --sort=-pcpu | head -8 | cut -c1-200; }

# ---- PostgreSQL ---------------------------------------------------------------------------------------------
if ! pg_isready -q -h localhost -p 5432; then
  PG_VERSION=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | sort -V | tail -n 1)
  log "PostgreSQL $PG_VERSION is down; starting it"
  pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" main start
  STARTED_POSTGRES=1
  for _ in $(seq 50); do pg_isready -q -h localhost -p 5432 && break; sleep 0.2; done
fi
if ! su postgres -c "psql -Atqc \"select 1 from pg_database where datname = '$DB'\"" | grep -q 1; then
  log "creating database $DB"
  su postgres -c "createdb -O fugue $DB"
fi
# The postmaster's CPU (with its reaped backends) is work the app's boot causes, not someone else's.
POSTGRES_PID="$(head -1 "$(su postgres -c "psql -Atqc 'show data_directory'")/postmaster.pid")"

# ---- build --------------------------------------------------------------------------------------------------
if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  log "building the app and the test classes (./mvnw -B -q package -DskipTests)"
  # shellcheck disable=SC2086
  ./mvnw -B -q ${BENCH_MVN_FLAGS:-} package -DskipTests
fi
# shellcheck disable=SC2086
./mvnw -B -q ${BENCH_MVN_FLAGS:-} dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$OUT/test.classpath" >/dev/null
CLASSPATH_TEST="$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$OUT/test.classpath")"
APP_JAR="$ROOT/target/quarkus-app/quarkus-run.jar"
if [[ "${BENCH_APP:-jar}" != native ]]; then
  [[ -f "$APP_JAR" ]] || { echo "No $APP_JAR; run without BENCH_SKIP_BUILD" >&2; exit 1; }
fi
RUNNER_OPTION=()
if [[ "${BENCH_APP:-jar}" == native ]]; then
  RUNNER="$(ls "$ROOT"/target/*-runner 2>/dev/null | head -n 1 || true)"
  [[ -x "$RUNNER" ]] || { echo "No native executable in target/ (./mvnw package -Dnative -DskipTests)" >&2; exit 1; }
  RUNNER_OPTION=(--app-runner "$RUNNER")
fi

for port in "$APP_PORT" "$IDENTITY_PORT"; do
  port_free "$port" || { echo "Port $port on 127.0.0.1 is in use; set BENCH_APP_PORT / BENCH_IDENTITY_PORT" >&2; exit 1; }
done

# ---- wait for a quiet machine -------------------------------------------------------------------------------
log "waiting for a quiet machine (others at most $QUIET_PCT % of the CPU over 10 s; up to $QUIET_WAIT s)"
waited=0
QUIET="yes"
while true; do
  busy="$(cpu_busy_pct 10)"
  waited=$((waited + 10))
  if (( busy <= QUIET_PCT )); then break; fi
  if (( waited >= QUIET_WAIT )); then
    QUIET="no: $busy % busy after waiting $waited s"
    log "machine still busy ($busy %); measuring anyway, and the report says so"
    break
  fi
  log "busy: $busy % of the CPU ($(cut -d' ' -f1-3 /proc/loadavg)); waiting"
done

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "git: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src pom.xml || echo ' (with uncommitted changes)')"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "memory: $(free -h | awk '/^Mem:/ {print $2 " total, " $7 " available"}')"
  echo "java: $("$JAVA" -version 2>&1 | sed -n 2p)"
  echo "quiet at start: $QUIET"
  echo "uptime at start: $(uptime)"
  echo "top processes at start:"
  top_processes
} > "$OUT/machine.txt"

# ---- emulator -----------------------------------------------------------------------------------------------
max_k="$(tr ',' '\n' <<<"$KS" | sort -n | tail -1)"
rm -f "$OUT/emulator.properties"
log "starting the Key Vault emulator (identity port $IDENTITY_PORT, $((max_k > 3 ? max_k - 3 : 0)) bench secrets)"
"$JAVA" -cp "$CLASSPATH_TEST" io.fugue.testing.keyvault.KeyVaultEmulatorMain \
  --settings "$OUT/emulator.properties" --identity-port "$IDENTITY_PORT" \
  --bench-secrets "$((max_k > 3 ? max_k - 3 : 0))" >"$OUT/emulator.log" 2>&1 &
EMULATOR_PID=$!
for _ in $(seq 300); do
  [[ -f "$OUT/emulator.properties" ]] && break
  kill -0 "$EMULATOR_PID" 2>/dev/null || { cat "$OUT/emulator.log" >&2; exit 1; }
  sleep 0.1
done
[[ -f "$OUT/emulator.properties" ]] || { echo "The emulator did not start; see $OUT/emulator.log" >&2; exit 1; }
log "emulator: $(sed -n 's/^vault.url=//p' "$OUT/emulator.properties")"

# ---- measure ------------------------------------------------------------------------------------------------
log "measuring: runs=$RUNS (+$WARMUP warm-up) K=$KS latency=$LATENCIES ms modes=$MODES"
"$JAVA" -cp "$CLASSPATH_TEST" io.fugue.bench.BootBench \
  --settings "$OUT/emulator.properties" --out "$OUT" --java "$JAVA" --app-jar "$APP_JAR" \
  --harness-classpath "$CLASSPATH_TEST" --hosts-file "$HOSTS_FILE" --jdbc-url "$JDBC_URL" \
  --app-port "$APP_PORT" --runs "$RUNS" --warmup "$WARMUP" --ks "$KS" --latencies "$LATENCIES" \
  --modes "$MODES" --max-foreign-pct "$QUIET_PCT" --retries "$RETRIES" --quiet-wait "$RETRY_WAIT" \
  --postgres-pid "${POSTGRES_PID:-0}" "${RUNNER_OPTION[@]}" &
DRIVER_PID=$!
wait "$DRIVER_PID"
DRIVER_PID=""

{
  echo "uptime at end: $(uptime)"
  echo "top processes at end:"
  top_processes
} >> "$OUT/machine.txt"

echo
cat "$OUT/machine.txt"
echo
cat "$OUT/results.md"
