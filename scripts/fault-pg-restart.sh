#!/usr/bin/env bash
# A real PostgreSQL restart under write load, with fugue left running. See --help and docs/reliability.md.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/fault-pg-restart.sh [--help]

Stops and starts a real PostgreSQL server under fugue while clients write notes, and checks what issue 6 asks of
a database restart. The server is a throwaway one made for the run (initdb in a temporary directory, its own port
on 127.0.0.1, scram-sha-256 for TCP logins), so the machine's own cluster and everyone using it are not touched.

  1. initdb + pg_ctl start (as the postgres OS user when run as root), a login role with a random password and
     its database.
  2. The Key Vault emulator (a JVM of its own, io.fugue.testing.keyvault.KeyVaultEmulatorMain) with that role and
     password stored as new versions of db-username / db-password, and fugue's packaged jar (prod profile) resolving
     them through the managed-identity flow, as in Azure.
  3. FAULT_WRITERS curl loops, each alternating POST /api/notes and GET /api/notes?limit=5 with one session, and a
     readiness poller on /q/health/ready every 100 ms. Every answer is recorded (time, status, duration,
     content type, Retry-After, Location).
  4. After FAULT_BEFORE_SECONDS: pg_ctl stop -m fast (every connection of the pool is cut), FAULT_DOWN_SECONDS
     down, pg_ctl start; then FAULT_AFTER_SECONDS more of load.

Checks (exit 1 when one fails; the results go to $FAULT_OUT/results.md):
  - fugue was not restarted (same process throughout);
  - no request went unanswered or took longer than 5 s (curl's --max-time is 10 s);
  - every answer that is not 2xx is a 503 application/problem+json with Retry-After;
  - /q/health/ready went DOWN after the stop and UP again after the start;
  - writes succeed again after the start, and the last 5 s of the run had no failure (the pool recovered);
  - every note whose POST got a 201 is in the database (its Location id is looked up with psql).

Needs: ./mvnw package -DskipTests (the jar and the test classes), curl with %header{} (7.84+), openssl, and the
PostgreSQL server binaries (FAULT_PG_BIN, default: pg_config --bindir, else /usr/lib/postgresql/15/bin).
Stops every process it started and removes the throwaway server on exit.

Environment [default]: FAULT_WRITERS [4], FAULT_BEFORE_SECONDS [10], FAULT_DOWN_SECONDS [4],
FAULT_AFTER_SECONDS [15], FAULT_PG_PORT [55433], FAULT_APP_PORT [18096], FAULT_OUT [target/fault-pg],
FAULT_JAVA_HOME [JAVA_HOME, else java on the PATH].
EOF
}

case "${1:-}" in
  -h|--help) usage; exit 0 ;;
  "") ;;
  *) echo "Unknown argument: $1 (try --help)" >&2; exit 2 ;;
esac

cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/stack.sh
source scripts/lib/stack.sh

WRITERS=${FAULT_WRITERS:-4}
BEFORE=${FAULT_BEFORE_SECONDS:-10}
DOWN=${FAULT_DOWN_SECONDS:-4}
AFTER=${FAULT_AFTER_SECONDS:-15}
PG_PORT=${FAULT_PG_PORT:-55433}
PORT=${FAULT_APP_PORT:-18096}
OUT=${FAULT_OUT:-target/fault-pg}
JAVA=${FAULT_JAVA_HOME:-${JAVA_HOME:-}}
JAVA=${JAVA:+$JAVA/bin/}java
PG_BIN=${FAULT_PG_BIN:-$(pg_config --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)}
BASE=http://127.0.0.1:$PORT
ROLE=fugue_fault
DB=fugue_fault

FAILURES=()
fail() { FAILURES+=("$*"); echo "CHECK FAILED: $*" >&2; }
log() { printf '[fault-pg %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
now_ms() { date +%s%3N; }

[[ -f target/quarkus-app/quarkus-run.jar && -d target/test-classes ]] || ./mvnw -B -q package -DskipTests
[[ -x "$PG_BIN/initdb" ]] || { echo "No PostgreSQL server binaries in $PG_BIN (set FAULT_PG_BIN)" >&2; exit 2; }
rm -rf "$OUT"
mkdir -p "$OUT/logs" "$OUT/answers"
OUT=$(cd "$OUT" && pwd)

# The throwaway server belongs to the postgres OS user when we are root (initdb refuses root).
PGDATA_DIR=$(mktemp -d /tmp/fugue-fault-pg-XXXXXX)
[[ $(id -u) == 0 ]] && chown postgres "$PGDATA_DIR" # initdb, the server and its socket then own what they create
as_pg() {
  if [[ $(id -u) == 0 ]]; then
    su postgres -s /bin/bash -c "$(printf '%q ' "$@")"
  else
    "$@"
  fi
}
pg_ctl_() { as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR/data" -l "$PGDATA_DIR/server.log" "$@"; }
psql_() { as_pg "$PG_BIN/psql" -h "$PGDATA_DIR" -p "$PG_PORT" -U postgres -qAt -v ON_ERROR_STOP=1 "$@"; }

APP_PID="" EMULATOR_PID="" LOOP_PIDS=()
cleanup() {
  local status=$?
  trap - EXIT
  for pid in "${LOOP_PIDS[@]}" "$APP_PID" "$EMULATOR_PID"; do
    if [[ -n "$pid" ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  done
  pg_ctl_ stop -m immediate >/dev/null 2>&1 || true
  cp "$PGDATA_DIR/server.log" "$OUT/logs/postgresql.log" 2>/dev/null || true
  rm -rf "$PGDATA_DIR"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- a PostgreSQL server of the run's own ---------------------------------------------------------------------
log "initdb in $PGDATA_DIR, port $PG_PORT"
as_pg "$PG_BIN/initdb" -D "$PGDATA_DIR/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 >"$OUT/logs/initdb.log"
pg_ctl_ start -w -o "-p $PG_PORT -k $PGDATA_DIR -c listen_addresses=127.0.0.1" >/dev/null
DB_PASSWORD=$(openssl rand -hex 24)
# Through standard input, never on a command line; hex only, so the quoting is safe.
printf "CREATE ROLE %s LOGIN PASSWORD '%s';\nCREATE DATABASE %s OWNER %s;\n" "$ROLE" "$DB_PASSWORD" "$DB" "$ROLE" | psql_ >/dev/null

# ---- the emulator and fugue ---------------------------------------------------------------------------------
CLASSPATH_TEST=$(stack_test_classpath "target/test-classpath.txt")
SETTINGS=$OUT/emulator.properties
log "starting the Key Vault emulator"
stack_start_emulator "$JAVA" "$CLASSPATH_TEST" "$SETTINGS" "$OUT/logs/emulator.log"
stack_control "$SETTINGS" "secret?name=db-username" --data-binary "$ROLE" >/dev/null
printf %s "$DB_PASSWORD" | stack_control "$SETTINGS" "secret?name=db-password" --data-binary @- >/dev/null
stack_app_environment "$SETTINGS" "jdbc:postgresql://127.0.0.1:$PG_PORT/$DB" "$PORT"

log "starting fugue (jar, prod profile)"
"$JAVA" "${STACK_SYSPROPS[@]}" -jar target/quarkus-app/quarkus-run.jar >"$OUT/logs/app.log" 2>&1 &
APP_PID=$!
stack_wait_http "$BASE/q/health/ready" 60 || { tail -n 30 "$OUT/logs/app.log" >&2; echo "fugue did not get ready" >&2; exit 1; }
COOKIE=$(stack_session_cookie "$BASE" "fault-$(openssl rand -hex 4)" fault-test-password)
[[ -n "$COOKIE" ]] || { echo "no session cookie" >&2; exit 1; }

# ---- load, readiness, the restart ----------------------------------------------------------------------------
# One line per answer: when it ended (epoch ms, taken after curl returns: on a loaded machine starting curl can
# take longer than the request, and an end time cannot come before what it answers), method, status, seconds,
# content type, Retry-After, Location. Each loop finishes its request and stops when $STOP exists.
STOP=$OUT/stop
answer() { local line; line=$(curl -s -o /dev/null --max-time 10 "$@" || true); printf '%s\t%s\n' "$(now_ms)" "$line"; }
writer() {
  local n=0
  while [[ ! -e $STOP ]]; do
    n=$((n + 1))
    if (( n % 2 )); then
      answer -H "Cookie: $COOKIE" -H 'Content-Type: application/json' \
        -d "{\"title\":\"restart $n\",\"body\":\"written during the fault run\"}" \
        -w 'POST\t%{http_code}\t%{time_total}\t%{content_type}\t%header{retry-after}\t%header{location}' "$BASE/api/notes"
    else
      answer -H "Cookie: $COOKIE" \
        -w 'GET\t%{http_code}\t%{time_total}\t%{content_type}\t%header{retry-after}\t' "$BASE/api/notes?limit=5"
    fi
  done
}
readiness() {
  while [[ ! -e $STOP ]]; do
    answer --max-time 5 -w '%{http_code}' "$BASE/q/health/ready"
    sleep 0.1
  done
}

log "$WRITERS writers for ${BEFORE}s, PostgreSQL down for ${DOWN}s, then ${AFTER}s more"
for i in $(seq 1 "$WRITERS"); do writer >"$OUT/answers/writer-$i.tsv" & LOOP_PIDS+=($!); done
readiness >"$OUT/readiness.tsv" & LOOP_PIDS+=($!)
sleep "$BEFORE"
T_STOP=$(now_ms)
pg_ctl_ stop -m fast >/dev/null
log "PostgreSQL stopped"
sleep "$DOWN"
T_START=$(now_ms)
pg_ctl_ start -w -o "-p $PG_PORT -k $PGDATA_DIR -c listen_addresses=127.0.0.1" >/dev/null
log "PostgreSQL started again"
sleep "$AFTER"
T_END=$(now_ms)
touch "$STOP"
for pid in "${LOOP_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
LOOP_PIDS=()

# ---- checks -------------------------------------------------------------------------------------------------
cat "$OUT"/answers/writer-*.tsv | sort -n >"$OUT/answers.tsv"
kill -0 "$APP_PID" 2>/dev/null || fail "fugue is no longer running"

read -r TOTAL SLOW UNANSWERED MAX_S <<<"$(awk -F'\t' '
  { n++; if ($4 + 0 > 5) slow++; if ($3 == "000") none++; if ($4 + 0 > max) max = $4 + 0 }
  END { printf "%d %d %d %.3f\n", n, slow, none, max }' "$OUT/answers.tsv")"
(( TOTAL > 0 )) || fail "no request was made"
(( UNANSWERED == 0 )) || fail "$UNANSWERED requests got no answer within 10 s"
(( SLOW == 0 )) || fail "$SLOW requests took longer than 5 s (longest ${MAX_S} s)"
WRONG=$(awk -F'\t' '$3 !~ /^2/ && !($3 == "503" && $5 ~ /^application\/problem\+json/ && $6 != "")' "$OUT/answers.tsv" | wc -l)
(( WRONG == 0 )) || fail "$WRONG failures were not a 503 problem+json with Retry-After (see answers.tsv)"
STATUSES=$(awk -F'\t' '{print $3}' "$OUT/answers.tsv" | sort | uniq -c | awk '{printf "%s%s × %s", sep, $1, $2; sep=", "}')

DOWN_SEEN=$(awk -F'\t' -v t="$T_STOP" '$1 >= t && $2 != "200" {print $1; exit}' "$OUT/readiness.tsv")
UP_SEEN=$(awk -F'\t' -v t="${DOWN_SEEN:-9999999999999}" '$1 > t && $2 == "200" {print $1; exit}' "$OUT/readiness.tsv")
[[ -n "$DOWN_SEEN" ]] || fail "readiness never went DOWN after PostgreSQL stopped"
[[ -n "$UP_SEEN" ]] || fail "readiness never came back UP"

OK_AFTER=$(awk -F'\t' -v t="$T_START" '$1 > t && $3 ~ /^2/' "$OUT/answers.tsv" | wc -l)
FAILED_LAST_5S=$(awk -F'\t' -v t=$((T_END - 5000)) '$1 > t && $3 !~ /^2/' "$OUT/answers.tsv" | wc -l)
(( OK_AFTER > 0 )) || fail "no successful request after PostgreSQL started again"
(( FAILED_LAST_5S == 0 )) || fail "$FAILED_LAST_5S requests still failed in the last 5 s"
FIRST_OK_AFTER=$(awk -F'\t' -v t="$T_START" '$1 > t && $3 ~ /^2/ {print $1; exit}' "$OUT/answers.tsv")

# Every 201's note must be stored. Ids are UUIDs (checked), so they can go into the SQL as literals.
awk -F'\t' '$2 == "POST" && $3 == "201" {sub(/.*\//, "", $7); print $7}' "$OUT/answers.tsv" >"$OUT/created-ids.txt"
CREATED=$(wc -l <"$OUT/created-ids.txt")
grep -Evq '^[0-9a-f-]{36}$' "$OUT/created-ids.txt" && fail "a Location did not end in a note id"
STORED=0
if (( CREATED > 0 )); then
  STORED=$( { echo "SELECT count(*) FROM notes WHERE id IN ("; sed "s/.*/'&'/" "$OUT/created-ids.txt" | paste -sd,; echo ");"; } \
    | psql_ -d "$DB")
fi
(( STORED == CREATED )) || fail "$((CREATED - STORED)) of $CREATED notes answered 201 are not in the database"

{
  echo "# PostgreSQL restart under load"
  echo
  echo "- run: $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD), $(nproc) cores, $("$JAVA" -version 2>&1 | sed -n 2p)"
  echo "- $WRITERS writers, ${BEFORE} s of load, then \`pg_ctl stop -m fast\`; the start command came $((T_START - T_STOP)) ms after the stop command; ${AFTER} s of load after it"
  echo
  echo "| | |"
  echo "|---|---|"
  echo "| requests | $TOTAL ($STATUSES) |"
  echo "| longest request | ${MAX_S} s (limit 5 s) |"
  echo "| failures that were not 503 problem+json + Retry-After | $WRONG |"
  echo "| readiness DOWN after the stop | $( [[ -n "$DOWN_SEEN" ]] && echo "$((DOWN_SEEN - T_STOP)) ms after it" || echo never) |"
  echo "| readiness UP again | $( [[ -n "$UP_SEEN" ]] && echo "$((UP_SEEN - T_START)) ms after the start command" || echo never) |"
  echo "| first success after the start | $( [[ -n "$FIRST_OK_AFTER" ]] && echo "$((FIRST_OK_AFTER - T_START)) ms after the start command" || echo none) |"
  echo "| successes after the start / failures in the last 5 s | $OK_AFTER / $FAILED_LAST_5S |"
  echo "| notes answered 201 / found in the database | $CREATED / $STORED |"
  echo "| fugue restarted | $(kill -0 "$APP_PID" 2>/dev/null && echo no || echo yes) |"
  echo
  if (( ${#FAILURES[@]} )); then printf -- '- CHECK FAILED: %s\n' "${FAILURES[@]}"; else echo "All checks passed."; fi
} >"$OUT/results.md"
cat "$OUT/results.md"
(( ${#FAILURES[@]} == 0 ))
