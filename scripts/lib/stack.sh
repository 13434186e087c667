# shellcheck shell=bash
# Pieces shared by scripts/bench-runtime.sh and scripts/load.sh: the Key Vault emulator as a process of its own, the
# app's prod-profile settings for it, PostgreSQL checks and per-process measurements. Sourced from the repository
# root by a script that has set -euo pipefail; it starts nothing by itself.

# The test class path (the emulator and the small harnesses live in test scope), cached in $1.
stack_test_classpath() {
  local file=$1
  [[ -s "$file" ]] || ./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$file" >/dev/null
  echo "target/test-classes:target/classes:$(cat "$file")"
}

# Starts io.fugue.testing.keyvault.KeyVaultEmulatorMain and waits for its settings file.
# $1 java, $2 class path, $3 settings file, $4 log file, then extra emulator arguments. Sets EMULATOR_PID.
stack_start_emulator() {
  local java=$1 classpath=$2 settings=$3 log=$4
  shift 4
  rm -f "$settings"
  "$java" -Djdk.net.hosts.file=src/test/resources/test-hosts -cp "$classpath" \
    io.fugue.testing.keyvault.KeyVaultEmulatorMain --settings "$settings" "$@" >"$log" 2>&1 &
  EMULATOR_PID=$!
  for _ in $(seq 1 300); do
    [[ -s "$settings" ]] && return 0
    kill -0 "$EMULATOR_PID" 2>/dev/null || { cat "$log" >&2; return 1; }
    sleep 0.1
  done
  echo "The emulator did not start; see $log" >&2
  return 1
}

# One value of the emulator's settings file: $1 file, $2 key.
stack_setting() { grep "^$2=" "$1" | cut -d= -f2-; }

# The emulator's plain-HTTP control port on loopback: $1 settings file, $2 path, then curl options.
stack_control() {
  local settings=$1 path=$2
  shift 2
  curl -sS --fail-with-body "$@" "$(stack_setting "$settings" control.url)${path#/}"
}

# Exports what the app needs to reach the emulator through the managed-identity flow, and sets STACK_SYSPROPS
# (trust store, host names, HTTP port). $1 settings file, $2 JDBC URL, $3 HTTP port.
stack_app_environment() {
  local settings=$1
  export IDENTITY_ENDPOINT IDENTITY_HEADER FUGUE_KEYVAULT_ENDPOINT QUARKUS_DATASOURCE_JDBC_URL
  IDENTITY_ENDPOINT=$(stack_setting "$settings" identity.endpoint)
  IDENTITY_HEADER=$(stack_setting "$settings" identity.header)
  FUGUE_KEYVAULT_ENDPOINT=$(stack_setting "$settings" vault.url)
  QUARKUS_DATASOURCE_JDBC_URL=$2
  # shellcheck disable=SC2034  # used by the scripts that source this file
  STACK_SYSPROPS=(-Dquarkus.http.port="$3" -Dquarkus.http.host=127.0.0.1 -Djdk.net.hosts.file=src/test/resources/test-hosts
    -Djavax.net.ssl.trustStore="$(stack_setting "$settings" trust.store)"
    -Djavax.net.ssl.trustStorePassword="$(stack_setting "$settings" trust.store.password)"
    -Djavax.net.ssl.trustStoreType=PKCS12 -Dfugue.session.secure-cookie=false)
}

# The newest PostgreSQL major version installed (Debian layout: /usr/lib/postgresql/<version>), as .ci/run picks it.
stack_pg_version() {
  find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | sort -V | tail -n 1
}

# Waits up to $2 seconds (default 30) for an HTTP 200 from $1. Each attempt is bounded too: a server that accepts the
# connection and never answers (dev mode restarting) must not hold the wait past its deadline.
stack_wait_http() {
  local url=$1 deadline=$(( SECONDS + ${2:-30} ))
  while (( SECONDS < deadline )); do
    curl -sf --max-time 2 -o /dev/null "$url" && return 0
    sleep 0.01
  done
  return 1
}

# Creates the database $1 for the role $2 when missing. As root, through the local postgres superuser, like the
# README's setup; otherwise as the role itself on localhost (password $PGPASSWORD, default the README's "fugue"),
# which works where that role may create databases, e.g. a CI service container whose POSTGRES_USER it is.
stack_database() {
  if [[ $EUID -eq 0 ]] && id postgres >/dev/null 2>&1; then
    su postgres -c "psql -qtA -c \"SELECT 1 FROM pg_database WHERE datname = '$1'\"" | grep -q 1 \
      || su postgres -c "createdb -O $2 $1"
  else
    PGPASSWORD=${PGPASSWORD:-fugue} psql -h localhost -U "$2" -d postgres -qtA \
      -c "SELECT 1 FROM pg_database WHERE datname = '$1'" | grep -q 1 \
      || PGPASSWORD=${PGPASSWORD:-fugue} createdb -h localhost -U "$2" "$1"
  fi
}

stack_rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }

# CPU time the process has used, user + system, in clock ticks (fields 14 and 15 of /proc/<pid>/stat; the name in
# field 2 holds no space for java or the runner, but strip up to its closing parenthesis to be safe).
stack_cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }

# "median [min-max]" of integers on stdin.
stack_median() {
  sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%d [%d-%d]", m, a[1], a[NR]}'
}

# Creates the account $2 (password $3) on the app at $1 and prints its session cookie, "fugue_session=...".
stack_session_cookie() {
  local base=$1 body="{\"username\":\"$2\",\"password\":\"$3\"}"
  curl -sf -o /dev/null -H 'Content-Type: application/json' -d "$body" "$base/api/accounts"
  curl -sf -D - -o /dev/null -H 'Content-Type: application/json' -d "$body" "$base/api/session" \
    | sed -n 's/^[Ss]et-[Cc]ookie: \(fugue_session=[^;]*\).*/\1/p'
}
