#!/usr/bin/env bash
# Mixed load, overhead of session + database against a bare endpoint, and a soak with rotation of both secrets.
# See --help and docs/reliability.md.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/load.sh [--soak] [--help]

Starts fugue in the prod profile (the JVM build, and the native executable when LOAD_RUNNER exists) with its
database credentials and session key from the project's Key Vault emulator (a separate JVM on loopback, the real
managed-identity flow), on a database and login role of its own (LOAD_DB / LOAD_ROLE, created if missing, with a
random password set for the run). It creates LOAD_USERS accounts, logs them in with curl and drives wrk with
scripts/lib/mix.lua (the cookies go round the users). Writes $LOAD_OUT/results.md and exits 1 when a check fails.

Without --soak, for each build:
  load      LOAD_WARMUP_SECONDS of warm-up (discarded), then LOAD_SECONDS at LOAD_CONNECTIONS connections of
            70 % GET /api/notes?limit=20, 20 % POST /api/notes, 10 % GET /api/session: throughput, p50/p99/max
            latency, statuses, socket errors, RSS before/after/peak. Check: every answer is 2xx, no socket error.
  overhead  the same duration and connections on each of LOAD_OVERHEAD (after 5 s of warm-up each):
            live = GET /q/health/live (no session, no database), anon = GET /api/session without a cookie (401,
            no verification, no database), session = GET /api/session with a cookie; the app's CPU time
            (utime+stime from /proc/<pid>/stat) per completed request, and its ratio to the bare endpoint.
  vault     emulator counters over the measured runs (refresh-interval PT1H, so no scheduled refresh falls in
            them). Check: no token, challenge, secret GET or version listing at all.
  verify    (JVM only) CPU per SessionService.verify in a harness (io.fugue.bench.SessionVerifyBench), as a share
            of the CPU per request measured under load.
With --soak (the JVM build; SOAK_MODE=native for the executable): refresh-interval SOAK_REFRESH and
  quarkus.datasource.jdbc.max-lifetime SOAK_MAX_LIFETIME, the same mix for SOAK_SECONDS after SOAK_WARMUP_SECONDS of it; halfway,
  the role's password is changed (ALTER ROLE) and stored as a new db-password version, and a new
  session-signing-key version is stored, both through the emulator's control port. RSS is sampled every
  SOAK_SAMPLE_SECONDS. Checks: zero failed requests (non-2xx, socket errors, timeouts), RSS growth from the sample
  SOAK_RSS_BASELINE_SECONDS into the soak to the last at most SOAK_MAX_RSS_GROWTH %, new pool connections logged
  in after the rotation, the old password refused, a new login signed with the new key version.
Either way it ends with scripts/secret-hygiene.sh over everything the run wrote (logs, /q/metrics, /q/health).

Needs: ./mvnw package -DskipTests (builds the jar and compiles the test classes), wrk, curl, openssl, PostgreSQL on
localhost:5432 (the script uses `su postgres` to create the role and database), and for native the executable
(./mvnw package -Dnative). Stops every process it started, by process id.

Environment [default]: LOAD_SECONDS [60], LOAD_CONNECTIONS [64], LOAD_THREADS [2], LOAD_WARMUP_SECONDS [60],
LOAD_USERS [8], LOAD_MODES [jvm,native], LOAD_OVERHEAD [live,anon,session], LOAD_RUNNER
[target/fugue-1.0.0-SNAPSHOT-runner], LOAD_JVM_OPTS [none], LOAD_NATIVE_OPTS [none], LOAD_OUT [target/load],
LOAD_APP_PORT [18095], LOAD_DB [fugue_load], LOAD_ROLE [fugue_load_app], LOAD_JAVA_HOME [temurin 25, else JAVA_HOME],
SOAK_SECONDS [600], SOAK_SAMPLE_SECONDS [5], SOAK_REFRESH [PT5S], SOAK_MAX_LIFETIME [PT30S],
SOAK_MAX_RSS_GROWTH [10], SOAK_MODE [jvm], SOAK_WARMUP_SECONDS [60],
SOAK_RSS_BASELINE_SECONDS [60].
EOF
}

SOAK=0
case "${1:-}" in
  -h|--help) usage; exit 0 ;;
  --soak) SOAK=1 ;;
  "") ;;
  *) echo "Unknown argument: $1 (try --help)" >&2; exit 2 ;;
esac

cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/stack.sh
source scripts/lib/stack.sh

LOAD_SECONDS=${LOAD_SECONDS:-60}
CONNECTIONS=${LOAD_CONNECTIONS:-64}
THREADS=${LOAD_THREADS:-2}
# A JVM on a busy 2-core machine still compiles after 20 s at low throughput; 60 s is safer.
WARMUP=${LOAD_WARMUP_SECONDS:-60}
USERS=${LOAD_USERS:-8}
MODES=${LOAD_MODES:-jvm,native}
OVERHEAD=${LOAD_OVERHEAD:-live,anon,session}
RUNNER=${LOAD_RUNNER:-target/fugue-1.0.0-SNAPSHOT-runner}
OUT=${LOAD_OUT:-target/load}
PORT=${LOAD_APP_PORT:-18095}
DB=${LOAD_DB:-fugue_load}
ROLE=${LOAD_ROLE:-fugue_load_app}
JDK=${LOAD_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
[[ -x "$JDK/bin/java" ]] || JDK=${JAVA_HOME:-/usr}
JAVA=$JDK/bin/java
SOAK_SECONDS=${SOAK_SECONDS:-600}
SOAK_SAMPLE=${SOAK_SAMPLE_SECONDS:-5}
SOAK_REFRESH=${SOAK_REFRESH:-PT5S}
SOAK_MAX_LIFETIME=${SOAK_MAX_LIFETIME:-PT30S}
SOAK_MAX_RSS_GROWTH=${SOAK_MAX_RSS_GROWTH:-10}
SOAK_MODE=${SOAK_MODE:-jvm}
# Long enough for the JIT and the heap to settle, so that the RSS check measures growth, not warm-up.
SOAK_WARMUP=${SOAK_WARMUP_SECONDS:-60}
SOAK_RSS_BASELINE=${SOAK_RSS_BASELINE_SECONDS:-60}
MIX=notes:7,create:2,session:1
BASE=http://127.0.0.1:$PORT
TICKS=$(getconf CLK_TCK)

for tool in wrk curl openssl; do command -v "$tool" >/dev/null || { echo "$tool is needed" >&2; exit 1; }; done
[[ -f target/quarkus-app/quarkus-run.jar && -d target/test-classes ]] \
  || { echo "build first: ./mvnw package -DskipTests" >&2; exit 1; }
pg_isready -q -h localhost -p 5432 || { echo "PostgreSQL is not running on localhost:5432" >&2; exit 1; }
! (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null || { echo "port $PORT is in use (LOAD_APP_PORT)" >&2; exit 1; }
mkdir -p "$OUT/logs"
rm -f "$OUT"/*.txt "$OUT"/*.tsv "$OUT"/*.md "$OUT"/logs/*
FAILURES=()
fail() { FAILURES+=("$*"); echo "CHECK FAILED: $*" >&2; }
log() { printf '[load %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

APP_PID="" SAMPLER_PID="" EMULATOR_PID=""
cleanup() {
  local status=$?
  trap - EXIT
  for pid in "$SAMPLER_PID" "$APP_PID" "$EMULATOR_PID"; do
    if [[ -n "$pid" ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  done
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- the role, its database and the emulator ----------------------------------------------------------------
# A role of its own: the soak changes its password, which must not disturb anyone using the shared role fugue.
# Values go to psql on standard input, never on a command line. Hex only, so the quoting is safe.
set_role_password() {
  printf "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '%s') THEN CREATE ROLE %s LOGIN; END IF; END \$\$;\nALTER ROLE %s PASSWORD '%s';\n" \
    "$ROLE" "$ROLE" "$ROLE" "$1" | su postgres -c "psql -q -v ON_ERROR_STOP=1" >/dev/null
}
PG_LOG=/var/log/postgresql/postgresql-$(stack_pg_version)-main.log
DB_PASSWORD=$(openssl rand -hex 24)
set_role_password "$DB_PASSWORD"
stack_database "$DB" "$ROLE"

CLASSPATH_TEST=$(stack_test_classpath "$OUT/test-classpath.txt")
SETTINGS=$OUT/emulator.properties
log "starting the Key Vault emulator"
stack_start_emulator "$JAVA" "$CLASSPATH_TEST" "$SETTINGS" "$OUT/logs/emulator.log"
# New versions on top of the emulator's seeds: the run's role and password. Values travel as request bodies.
stack_control "$SETTINGS" "secret?name=db-username" --data-binary "$ROLE" >/dev/null
printf %s "$DB_PASSWORD" | stack_control "$SETTINGS" "secret?name=db-password" --data-binary @- >/dev/null
stack_app_environment "$SETTINGS" "jdbc:postgresql://localhost:5432/$DB" "$PORT"

machine() {
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "git: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src pom.xml scripts || echo ' (with uncommitted changes)')"
  echo "cpu: $(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "memory: $(free -h | awk '/^Mem:/ {print $2 " total, " $7 " available"}')"
  echo "os: $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
  echo "java: $("$JAVA" -version 2>&1 | sed -n 2p)"
  echo "postgres: $(su postgres -c 'psql -Atc "show server_version"')"
  echo "wrk: $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
  echo "app options: jvm [${LOAD_JVM_OPTS:-none}], native [${LOAD_NATIVE_OPTS:-none}]; native executable: $RUNNER"
  echo "uptime at start: $(uptime)"
}
machine >"$OUT/machine.txt"

# ---- the app ------------------------------------------------------------------------------------------------
start_app() { # $1 jvm|native, then extra system properties
  local mode=$1
  shift
  if [[ $mode == jvm ]]; then
    # shellcheck disable=SC2086
    "$JAVA" $JVM_OPTS_SPLIT "${STACK_SYSPROPS[@]}" "$@" -jar target/quarkus-app/quarkus-run.jar >>"$OUT/logs/app-$mode.log" 2>&1 &
  else
    # shellcheck disable=SC2086
    "$RUNNER" ${LOAD_NATIVE_OPTS:-} "${STACK_SYSPROPS[@]}" "$@" >>"$OUT/logs/app-$mode.log" 2>&1 &
  fi
  APP_PID=$!
  stack_wait_http "$BASE/q/health/ready" 60 || { tail -n 30 "$OUT/logs/app-$mode.log" >&2; fail "$mode did not get ready"; exit 1; }
}
JVM_OPTS_SPLIT=${LOAD_JVM_OPTS:-}
stop_app() { kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; APP_PID=""; }

# Accounts and their session cookies (bcrypt at the prod cost, so this takes a moment), in COOKIES.
make_users() {
  local run user i cookie
  run=$(date +%s)
  COOKIES=""
  for i in $(seq 1 "$USERS"); do
    user="load-$run-$i"
    cookie=$(stack_session_cookie "$BASE" "$user" load-test-password)
    [[ -n "$cookie" ]] || { fail "no session cookie for $user"; exit 1; }
    COOKIES+="$cookie "
  done
}

# CPU ticks of every PostgreSQL process (its backends do the database work of the requests).
postgres_ticks() {
  local total=0 pid t
  for pid in $(pgrep -u postgres || true); do
    t=$(stack_cpu_ticks "$pid" 2>/dev/null) && total=$((total + t))
  done
  echo "$total"
}
machine_busy_ticks() { head -1 /proc/stat | awk '{print $2 + $3 + $4 + $7 + $8 + $9}'; }

# wrk with the mix $2 for $3 seconds; output in $OUT/$1.txt; sets R_* from its RESULT line and the CPU used.
WRK_CPU_S=0
run_wrk() {
  local name=$1 mix=$2 seconds=$3 before_app before_pg before_all load_before
  load_before=$(cut -d' ' -f1 /proc/loadavg)
  before_app=$(stack_cpu_ticks "$APP_PID"); before_pg=$(postgres_ticks); before_all=$(machine_busy_ticks)
  local TIMEFORMAT='%U %S'
  { time FUGUE_LOAD_MIX=$mix FUGUE_LOAD_COOKIES=$COOKIES wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" \
      --timeout 10s -s scripts/lib/mix.lua "$BASE" >"$OUT/$name.txt" 2>&1 ; } 2>"$OUT/$name.wrk-cpu"
  APP_TICKS=$(( $(stack_cpu_ticks "$APP_PID") - before_app ))
  PG_TICKS=$(( $(postgres_ticks) - before_pg ))
  ALL_TICKS=$(( $(machine_busy_ticks) - before_all ))
  WRK_CPU_S=$(awk '{print $1 + $2}' "$OUT/$name.wrk-cpu")
  OTHERS_PCT=$(awk -v all="$ALL_TICKS" -v app="$APP_TICKS" -v pg="$PG_TICKS" -v wrk="$WRK_CPU_S" -v hz="$TICKS" \
    -v s="$seconds" -v n="$(nproc)" 'BEGIN {o = (all - app - pg - wrk * hz) / hz; if (o < 0) o = 0; printf "%.0f", 100 * o / (s * n)}')
  LOAD_AVG="$load_before → $(cut -d' ' -f1 /proc/loadavg)"
  grep -q '^RESULT' "$OUT/$name.txt" || { cat "$OUT/$name.txt" >&2; fail "wrk $name gave no result"; exit 1; }
  R_LINE=$(grep '^RESULT' "$OUT/$name.txt")
  R_STATUSES=$(sed -n 's/^STATUSES //p' "$OUT/$name.txt")
}
r() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$R_LINE"; }
cpu_us_per_request() { awk -v t="$APP_TICKS" -v hz="$TICKS" -v n="$(r requests)" 'BEGIN {printf "%.0f", t / hz * 1e6 / n}'; }
failed_requests() { echo $(( $(r non2xx) + $(r connect_errors) + $(r read_errors) + $(r write_errors) + $(r timeouts) )); }
mb() { echo $(( $1 / 1024 )); }

# Samples RSS every $2 seconds into $1 (elapsed seconds, kB) until stopped.
start_sampler() {
  local file=$1 every=$2 t0
  t0=$(date +%s)
  : >"$file"
  ( while kill -0 "$APP_PID" 2>/dev/null; do
      printf '%s\t%s\n' $(( $(date +%s) - t0 )) "$(stack_rss_kb "$APP_PID")" >>"$file" 2>/dev/null || true
      sleep "$every"
    done ) &
  SAMPLER_PID=$!
}
stop_sampler() { kill "$SAMPLER_PID" 2>/dev/null || true; wait "$SAMPLER_PID" 2>/dev/null || true; SAMPLER_PID=""; }

snapshot_outputs() { # what an operator or scraper sees, kept for the secret scan
  curl -s "$BASE/q/metrics" >"$OUT/logs/metrics-$1.txt" || true
  curl -s "$BASE/q/health" >"$OUT/logs/health-$1.json" || true
}
counters() { stack_control "$SETTINGS" counters | tr '\n' ' '; }
counter() { sed -n "s/.*\b$1=\([0-9]*\).*/\1/p" <<<"$2"; }

# ---- load and overhead --------------------------------------------------------------------------------------
LOAD_ROWS=() OVERHEAD_ROWS=() VAULT_ROWS=() NOTES_CPU_US=""
run_load() {
  local mode=$1 rss_before rss_after peak kind bare_us us vault
  log "$mode: starting the app"
  start_app "$mode" -Dfugue.keyvault.refresh-interval=PT1H
  make_users
  log "$mode: warm-up, $WARMUP s"
  run_wrk "$mode-warmup" "$MIX" "$WARMUP"
  stack_control "$SETTINGS" reset-counters >/dev/null
  rss_before=$(stack_rss_kb "$APP_PID")
  start_sampler "$OUT/$mode-rss.tsv" 1
  log "$mode: mixed load, $LOAD_SECONDS s at $CONNECTIONS connections"
  run_wrk "$mode-load" "$MIX" "$LOAD_SECONDS"
  stop_sampler
  rss_after=$(stack_rss_kb "$APP_PID")
  peak=$(cut -f2 "$OUT/$mode-rss.tsv" | sort -n | tail -n 1)
  local mix_us
  mix_us=$(cpu_us_per_request)
  LOAD_ROWS+=("| $mode | $(r requests) | $(r rps) | $(r p50_ms) | $(r p99_ms) | $(r max_ms) | $R_STATUSES | $(r non2xx) | $(( $(r connect_errors) + $(r read_errors) + $(r write_errors) + $(r timeouts) )) | $(mb "$rss_before") | $(mb "$rss_after") | $(mb "$peak") | $LOAD_AVG | $OTHERS_PCT % |")
  [[ $(failed_requests) == 0 ]] || fail "$mode load: $(failed_requests) failed requests ($R_STATUSES)"
  OVERHEAD_ROWS+=("| $mode | mix 70/20/10 (session + database) | $(r rps) | $mix_us | MIXRATIO | $(r p50_ms) | $(r p99_ms) | $(r non2xx) non-2xx | $LOAD_AVG | $OTHERS_PCT % |")
  [[ $mode == jvm ]] && NOTES_CPU_US=$mix_us
  for kind in ${OVERHEAD//,/ }; do
    log "$mode: overhead run '$kind', 5 s warm-up + $LOAD_SECONDS s"
    run_wrk "$mode-$kind-warmup" "$kind:1" 5
    run_wrk "$mode-$kind" "$kind:1" "$LOAD_SECONDS"
    us=$(cpu_us_per_request)
    [[ $kind == live ]] && bare_us=$us
    OVERHEAD_ROWS+=("| $mode | $kind | $(r rps) | $us | RATIO$us | $(r p50_ms) | $(r p99_ms) | $R_STATUSES | $LOAD_AVG | $OTHERS_PCT % |")
    if [[ $kind == anon ]]; then
      [[ "$R_STATUSES" =~ ^401=[0-9]+$ ]] || fail "$mode anon: expected only 401, got $R_STATUSES"
    else
      [[ $(failed_requests) == 0 ]] || fail "$mode $kind: $(failed_requests) failed requests ($R_STATUSES)"
    fi
  done
  vault=$(counters)
  VAULT_ROWS+=("| $mode | $(counter tokens "$vault") | $(counter challenges "$vault") | $(counter gets "$vault") | $(counter listVersions "$vault") | $(counter vaultRequests "$vault") |")
  [[ $(counter vaultRequests "$vault") == 0 && $(counter tokens "$vault") == 0 ]] \
    || fail "$mode: Key Vault was asked during the load: $vault"
  snapshot_outputs "$mode"
  stop_app
  # Ratios to the bare endpoint, now that it is known.
  if [[ -n "${bare_us:-}" ]]; then
    local i row
    for i in "${!OVERHEAD_ROWS[@]}"; do
      row=${OVERHEAD_ROWS[$i]}
      [[ $row == "| $mode |"* ]] || continue
      [[ $row == *MIXRATIO* ]] && row=${row/MIXRATIO/$(awk -v a="$mix_us" -v b="$bare_us" 'BEGIN {printf "%.2f×", a / b}')}
      if [[ $row =~ RATIO([0-9]+) ]]; then
        row=${row/RATIO${BASH_REMATCH[1]}/$(awk -v a="${BASH_REMATCH[1]}" -v b="$bare_us" 'BEGIN {printf "%.2f×", a / b}')}
      fi
      OVERHEAD_ROWS[i]=$row
    done
  fi
}

# ---- soak ---------------------------------------------------------------------------------------------------
SOAK_ROWS=() SOAK_CHECKS=()
jws_kid() { cut -d= -f2- <<<"$1" | cut -d. -f1 | tr '_-' '/+' | awk '{n = length($0) % 4; if (n) $0 = $0 substr("===", 1, 4 - n); print}' \
  | base64 -d 2>/dev/null | sed -n 's/.*"kid":"\([^"]*\)".*/\1/p'; }
run_soak() {
  local mode=$SOAK_MODE half rotated_at new_password key_version first last max growth
  log "$mode soak: starting the app (refresh-interval $SOAK_REFRESH, max-lifetime $SOAK_MAX_LIFETIME)"
  start_app "$mode" -Dfugue.keyvault.refresh-interval="$SOAK_REFRESH" -Dquarkus.datasource.jdbc.max-lifetime="$SOAK_MAX_LIFETIME"
  make_users
  log "$mode soak: warm-up, $SOAK_WARMUP s"
  run_wrk "soak-warmup" "$MIX" "$SOAK_WARMUP"
  stack_control "$SETTINGS" reset-counters >/dev/null
  start_sampler "$OUT/soak-rss.tsv" "$SOAK_SAMPLE"
  half=$(( SOAK_SECONDS / 2 ))
  ( sleep "$half"
    new_password=$(openssl rand -hex 24)
    date +%s >"$OUT/soak-rotated-at.txt"
    # As docs/rotation.md: the role first (open connections stay valid), then the new version at once.
    set_role_password "$new_password"
    printf %s "$new_password" | stack_control "$SETTINGS" "secret?name=db-password" --data-binary @- >/dev/null
    openssl rand -hex 32 | tr -d '\n' | stack_control "$SETTINGS" "secret?name=session-signing-key" --data-binary @- \
      | sed -n 's/^version=//p' >"$OUT/soak-key-version.txt"
  ) &
  local rotator=$!
  local pg_lines=0
  [[ -r $PG_LOG ]] && pg_lines=$(wc -l <"$PG_LOG")
  log "$mode soak: $SOAK_SECONDS s of the mix; rotation of db-password and session-signing-key at +$half s"
  run_wrk "soak" "$MIX" "$SOAK_SECONDS"
  wait "$rotator"
  stop_sampler
  # Counted now, before the check below tries the old password on purpose.
  local refused_logins=n/a
  [[ -r $PG_LOG ]] && refused_logins=$(tail -n +"$((pg_lines + 1))" "$PG_LOG" | grep -c "password authentication failed for user \"$ROLE\"" || true)
  rotated_at=$(cat "$OUT/soak-rotated-at.txt")
  key_version=$(cat "$OUT/soak-key-version.txt")
  # The baseline is the first sample SOAK_RSS_BASELINE_SECONDS into the soak: the sample taken as wrk restarts
  # after the warm-up catches the heap before it re-expands to its working size (a measured run: 514 MB, then
  # 568 MB 5 s later, then +1 % in the next 5 minutes), which is not growth.
  local zero
  zero=$(head -n 1 "$OUT/soak-rss.tsv" | cut -f2)
  first=$(awk -v t="$SOAK_RSS_BASELINE" '$1 >= t {print $2; exit}' "$OUT/soak-rss.tsv")
  first=${first:-$zero}
  last=$(tail -n 1 "$OUT/soak-rss.tsv" | cut -f2)
  max=$(cut -f2 "$OUT/soak-rss.tsv" | sort -n | tail -n 1)
  growth=$(awk -v a="$first" -v b="$last" 'BEGIN {printf "%.1f", 100 * (b - a) / a}')
  SOAK_ROWS+=("| $mode | $SOAK_SECONDS s | $(r requests) | $(r rps) | $(r p50_ms) | $(r p99_ms) | $(r max_ms) | $R_STATUSES | $(failed_requests) | $(r reissued) | $(mb "$zero") at 0 s, $(mb "$first") at ${SOAK_RSS_BASELINE} s → $(mb "$last") MB at the end (max $(mb "$max")) | $growth % | $LOAD_AVG | $OTHERS_PCT % |")
  [[ $(failed_requests) == 0 ]] || fail "soak: $(failed_requests) failed requests ($R_STATUSES)"
  awk -v g="$growth" -v m="$SOAK_MAX_RSS_GROWTH" 'BEGIN {exit !(g <= m)}' || fail "soak: RSS grew $growth % (> $SOAK_MAX_RSS_GROWTH %)"

  # Did the rotation take? New pool connections since, a refused old password, a new login on the new key.
  local fresh old_refused kid vault reissued_metric
  fresh=$(su postgres -c "psql -Atc \"SELECT count(*) FROM pg_stat_activity WHERE usename = '$ROLE' AND backend_start > to_timestamp($rotated_at + 1)\"")
  if PGPASSWORD=$DB_PASSWORD psql -h localhost -U "$ROLE" -d "$DB" -Atc 'select 1' >/dev/null 2>&1; then
    old_refused=no; else old_refused=yes; fi
  USERS=1 make_users
  kid=$(jws_kid "${COOKIES% }")
  vault=$(counters)
  reissued_metric=$(curl -s "$BASE/q/metrics" | awk '/^fugue_session_verifications_total\{.*result="reissued"/ {s += $2} END {printf "%d", s}')
  SOAK_CHECKS+=("- pool connections opened with the new password after the rotation and still open at the end: $fresh")
  [[ -r $PG_LOG ]] && SOAK_CHECKS+=("- logins PostgreSQL refused during the soak (\`password authentication failed\` in its log): $refused_logins")
  SOAK_CHECKS+=("- old password refused by PostgreSQL after the rotation: $old_refused")
  SOAK_CHECKS+=("- a login after the soak is signed with the new key version: $([[ $kid == "$key_version" ]] && echo yes || echo "no (kid $kid, expected $key_version)")")
  SOAK_CHECKS+=("- sessions re-issued with the new key (\`fugue_session_verifications_total{result=\"reissued\"}\`): $reissued_metric; Set-Cookie answers seen by wrk: $(r reissued)")
  SOAK_CHECKS+=("- emulator counters during the soak: $vault")
  [[ "$fresh" -gt 0 ]] || fail "soak: no pool connection logged in after the rotation"
  [[ $old_refused == yes ]] || fail "soak: the old password still works"
  [[ $kid == "$key_version" ]] || fail "soak: a new login is not signed with the new key version"
  snapshot_outputs "soak"
  stop_app
}

# ---- run ----------------------------------------------------------------------------------------------------
if [[ $SOAK == 1 ]]; then
  run_soak
else
  for mode in ${MODES//,/ }; do
    if [[ $mode == native && ! -x "$RUNNER" ]]; then log "no native executable at $RUNNER; skipping native"; continue; fi
    run_load "$mode"
  done
  if [[ -n "$NOTES_CPU_US" ]]; then
    log "timing SessionService.verify in a harness"
    VERIFY=$("$JAVA" -cp "$CLASSPATH_TEST" io.fugue.bench.SessionVerifyBench | sed -n 's/^RESULT //p')
    VERIFY_NS=$(sed -n 's/.*verify_cpu_ns=\([0-9]*\).*/\1/p' <<<"$VERIFY")
  fi
fi
echo "uptime at end: $(uptime)" >>"$OUT/machine.txt"

{
  echo "Machine:"; echo; sed 's/^/    /' "$OUT/machine.txt"; echo
  if [[ $SOAK == 1 ]]; then
    echo "| build | duration | requests | req/s | p50 ms | p99 ms | max ms | statuses | failed | Set-Cookie (re-issued) | RSS | RSS growth from the baseline | load avg (1 min) start → end | others' CPU |"
    echo "|---|---|---:|---:|---:|---:|---:|---|---:|---:|---|---:|---|---:|"
    printf '%s\n' "${SOAK_ROWS[@]}"; echo; printf '%s\n' "${SOAK_CHECKS[@]}"
  else
    echo "| build | requests | req/s | p50 ms | p99 ms | max ms | statuses | non-2xx | socket errors | RSS before MB | RSS after MB | RSS peak MB | load avg (1 min) start → end | others' CPU |"
    echo "|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---|---:|"
    printf '%s\n' "${LOAD_ROWS[@]}"; echo
    echo "| build | endpoint | req/s | app CPU µs / request | ÷ bare (live) | p50 ms | p99 ms | statuses | load avg (1 min) start → end | others' CPU |"
    echo "|---|---|---:|---:|---:|---:|---:|---|---|---:|"
    printf '%s\n' "${OVERHEAD_ROWS[@]}"; echo
    echo "| build | token requests | challenges | secret GETs | list-versions | all vault requests |"
    echo "|---|---:|---:|---:|---:|---:|"
    printf '%s\n' "${VAULT_ROWS[@]}"
    if [[ -n "${VERIFY_NS:-}" ]]; then
      echo
      echo "SessionService.verify: $VERIFY ($(awk -v v="$VERIFY_NS" -v r="$NOTES_CPU_US" 'BEGIN {printf "%.1f", v / 10 / r}') % of the JVM's $NOTES_CPU_US µs of CPU per request of the mix)"
    fi
  fi
} | tee "$OUT/results.md"

# ---- secret hygiene -----------------------------------------------------------------------------------------
stack_control "$SETTINGS" seeded-values >"$OUT/seeded-values.txt"
scripts/secret-hygiene.sh --values "$OUT/seeded-values.txt" "$OUT" || fail "secret values found in the run's output"
# The server's log, where a logged statement would show. PostgreSQL names the user of every connection there by
# design (the log line prefix, failed logins), so db-username is left out of this one search: it is an identifier
# kept in the vault, not a credential. Lines are compared in their Base64 form; no value is decoded here.
if [[ -r $PG_LOG ]]; then
  grep -vxF "$(printf %s "$ROLE" | base64 -w0)" "$OUT/seeded-values.txt" >"$OUT/seeded-values-without-username.txt" || true
  scripts/secret-hygiene.sh --values "$OUT/seeded-values-without-username.txt" "$PG_LOG" \
    || fail "secret values found in the PostgreSQL server log"
fi

if [[ ${#FAILURES[@]} -gt 0 ]]; then
  printf 'FAILED: %s\n' "${FAILURES[@]}" >&2
  exit 1
fi
log "all checks passed; results in $OUT/results.md"
