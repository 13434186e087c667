#!/usr/bin/env bash
# Native vs JVM: time to ready, memory idle and under load, artefact sizes. See --help and docs/benchmarks.md.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/bench-runtime.sh [--help]

For the JVM build (java -jar target/quarkus-app/quarkus-run.jar) and the native executable
(target/fugue-1.0.0-SNAPSHOT-runner), both in the prod profile with their three secrets from the project's Key Vault
emulator (a separate JVM on loopback) through the managed-identity flow, measures:
  ready     ms from process start to the first HTTP 200 on /q/health/ready (median [min-max] of BENCH_RUNS starts)
  rss idle  VmRSS 2 s after ready
  rss load  peak VmRSS during BENCH_LOAD_SECONDS of wrk (BENCH_CONNECTIONS connections, 2 threads) on
            GET /api/notes?limit=20 with a session cookie, and wrk's requests/s and latency
and the size of the executable / the fast-jar directory. Writes $BENCH_OUT/runtime.md.

Needs both builds in target/ (./mvnw package -DskipTests; ./mvnw package -Dnative -DskipTests with GRAALVM_HOME),
the test classes (./mvnw test-compile), wrk, and PostgreSQL on localhost:5432 with role fugue and database
fugue_bench. Stops every process it started.

Environment: BENCH_RUNS [5], BENCH_LOAD_SECONDS [30], BENCH_CONNECTIONS [32], BENCH_OUT [target/bench],
BENCH_APP_PORT [18090], BENCH_DB [fugue_bench], BENCH_JAVA_HOME [/usr/lib/jvm/temurin-25-jdk-amd64],
BENCH_MODES [jvm,native] (the builds to measure, comma-separated),
BENCH_NATIVE_OPTS [none] (options of the native executable, e.g. -Xmx64m; the row is labelled with them).
EOF
}
[[ "${1:-}" == "-h" || "${1:-}" == "--help" ]] && { usage; exit 0; }
[[ $# -gt 0 ]] && { echo "Unknown argument: $1 (try --help)" >&2; exit 2; }

cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/stack.sh
source scripts/lib/stack.sh
RUNS=${BENCH_RUNS:-5}
LOAD_SECONDS=${BENCH_LOAD_SECONDS:-30}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
OUT=${BENCH_OUT:-target/bench}
PORT=${BENCH_APP_PORT:-18090}
DB=${BENCH_DB:-fugue_bench}
JAVA=${BENCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
[[ -x "$JAVA" ]] || { echo "no JDK at ${JAVA%/bin/java}: set BENCH_JAVA_HOME (see --help)" >&2; exit 1; }
RUNNER=$(ls target/*-runner 2>/dev/null | head -n 1 || true)
IFS=, read -r -a MODES <<<"${BENCH_MODES:-jvm,native}"
for mode in "${MODES[@]}"; do
  case $mode in
    jvm) [[ -f target/quarkus-app/quarkus-run.jar ]] || { echo "build the jar first (see --help)" >&2; exit 1; } ;;
    native) [[ -x "$RUNNER" ]] || { echo "build the native executable first (see --help)" >&2; exit 1; } ;;
    *) echo "Unknown mode in BENCH_MODES: $mode (jvm, native)" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }
mkdir -p "$OUT/logs"
stack_database "$DB" fugue

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

# The emulator, with a fixed identity port so the app can be given IDENTITY_ENDPOINT as a real variable.
SETTINGS="$OUT/emulator.properties"
stack_start_emulator "$JAVA" "$(stack_test_classpath "$OUT/test-classpath.txt")" "$SETTINGS" "$OUT/logs/emulator.log"
PIDS+=("$EMULATOR_PID")
stack_app_environment "$SETTINGS" "jdbc:postgresql://localhost:5432/$DB" "$PORT"
SYSPROPS=("${STACK_SYSPROPS[@]}")

now_ms() { date +%s%3N; }
read -r -a NATIVE_OPTS <<<"${BENCH_NATIVE_OPTS:-}"
start_app() { # $1 = jvm|native; sets APP_PID
  if [[ $1 == jvm ]]; then "$JAVA" "${SYSPROPS[@]}" -jar target/quarkus-app/quarkus-run.jar >>"$OUT/logs/$1.log" 2>&1 &
  else "$RUNNER" "${NATIVE_OPTS[@]}" "${SYSPROPS[@]}" >>"$OUT/logs/$1.log" 2>&1 & fi
  APP_PID=$!; PIDS+=("$APP_PID")
}
wait_ready() { stack_wait_http "http://127.0.0.1:$PORT/q/health/ready" 30; }
stop_app() { kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; }
rss_kb() { stack_rss_kb "$1"; }
median() { stack_median; }

ROWS=()
for mode in "${MODES[@]}"; do
  times=()
  for _ in $(seq 1 "$RUNS"); do
    t0=$(now_ms); start_app "$mode"; wait_ready; times+=($(( $(now_ms) - t0 ))); stop_app
  done
  ready=$(printf '%s\n' "${times[@]}" | median)
  start_app "$mode"; wait_ready; sleep 2; idle=$(rss_kb "$APP_PID")
  cookie=$(stack_session_cookie "http://127.0.0.1:$PORT" "bench$RANDOM$RANDOM" benchmark-password)
  for i in $(seq 1 20); do curl -sf -o /dev/null -b "$cookie" -H 'Content-Type: application/json' \
    -d "{\"title\":\"note $i\",\"body\":\"benchmark\"}" "http://127.0.0.1:$PORT/api/notes"; done
  peak=$idle
  ( while kill -0 "$APP_PID" 2>/dev/null; do rss_kb "$APP_PID" >>"$OUT/rss-$mode.txt" 2>/dev/null; sleep 0.5; done ) &
  SAMPLER=$!; PIDS+=("$SAMPLER"); : >"$OUT/rss-$mode.txt"
  wrk -t2 -c"$CONNECTIONS" -d"${LOAD_SECONDS}s" --latency -H "Cookie: $cookie" \
    "http://127.0.0.1:$PORT/api/notes?limit=20" >"$OUT/wrk-$mode.txt"
  kill "$SAMPLER" 2>/dev/null || true
  peak=$(sort -n "$OUT/rss-$mode.txt" | tail -n 1)
  rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk-$mode.txt")
  p50=$(awk '/^ +50%/ {print $2}' "$OUT/wrk-$mode.txt"); p99=$(awk '/^ +99%/ {print $2}' "$OUT/wrk-$mode.txt")
  errors=$(awk '/Non-2xx|Socket errors/ {print}' "$OUT/wrk-$mode.txt" | tr '\n' ' ')
  stop_app
  if [[ $mode == jvm ]]; then size=$(du -sh target/quarkus-app | cut -f1)" (quarkus-app/, plus a JRE)"
  else size=$(du -h "$RUNNER" | cut -f1)" (executable)"; fi
  label=$mode; [[ $mode == native && -n "${BENCH_NATIVE_OPTS:-}" ]] && label="native, $BENCH_NATIVE_OPTS"
  ROWS+=("| $label | $ready | $((idle / 1024)) | $((peak / 1024)) | $rps | $p50 / $p99 | ${errors:-none} | $size |")
done

{
  echo "| build | ready ms, median [min-max] of $RUNS | RSS idle MB | RSS peak under load MB | req/s | p50 / p99 | errors | size |"
  echo "|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
} | tee "$OUT/runtime.md"
