#!/usr/bin/env bash
# Checks a freshly deployed fugue: readiness (database and Key Vault) and one API call. Changes no data.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: smoke-test.sh BASE_URL

  1. GET BASE_URL/q/health/ready answers 200 with status UP (retried for up to 2 minutes): the revision reached
     PostgreSQL and resolved its Key Vault secrets.
  2. GET BASE_URL/api/session without a cookie answers 401 as application/problem+json: routing, the session
     layer and the error mapping work. It reads nothing and writes nothing.

Exits non-zero on the first failed check and prints what it got.
USAGE
}

case ${1:-} in
  -h | --help) usage; exit 0 ;;
  '') usage >&2; exit 2 ;;
esac
base=${1%/}

body=$(mktemp)
trap 'rm -f "$body"' EXIT

status=''
for _ in $(seq 1 24); do
  status=$(curl -sS -o "$body" -w '%{http_code}' --max-time 10 "$base/q/health/ready" || true)
  if [[ $status == 200 ]] && grep -q '"status" *: *"UP"' "$body"; then
    break
  fi
  sleep 5
done
if [[ $status != 200 ]]; then
  echo "smoke-test: $base/q/health/ready answered ${status:-nothing}:" >&2
  cat "$body" >&2
  exit 1
fi
echo "smoke-test: ready"

headers=$(mktemp)
trap 'rm -f "$body" "$headers"' EXIT
status=$(curl -sS -o "$body" -D "$headers" -w '%{http_code}' --max-time 10 "$base/api/session")
if [[ $status != 401 ]] || ! grep -qi '^content-type: *application/problem+json' "$headers"; then
  echo "smoke-test: GET /api/session without a cookie answered $status (want 401 problem+json):" >&2
  cat "$headers" "$body" >&2
  exit 1
fi
echo "smoke-test: GET /api/session answers 401 problem+json"
