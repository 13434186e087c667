#!/bin/sh
# One-shot step of docker/compose.yaml: puts the secrets fugue reads in Azure into the local Lowkey Vault, over
# the Key Vault REST API (no az CLI), authenticated with a token from the emulator's managed-identity endpoint and
# over verified TLS (--cacert, never --insecure). Values are generated here, go to curl on standard input (never
# on a command line) and are never printed.
set -eu

: "${VAULT_URL:?}" "${IDENTITY_ENDPOINT:?}" "${IDENTITY_HEADER:?}" "${DB_USERNAME:?}"
ca=/trust/lowkey.pem
db_secret_dir=/run/fugue-db

# 32 bytes from the kernel's CSPRNG as 64 hex characters, like `openssl rand -hex 32` (which this image lacks).
random_hex() { od -An -v -tx1 -N32 /dev/urandom | tr -d ' \n'; }

# PostgreSQL reads its password only when it initialises its data volume, so the password is generated once per
# stack and kept beside it; only this step and postgres mount that volume.
umask 077
if [ ! -s "$db_secret_dir/db-password" ]; then
  random_hex > "$db_secret_dir/db-password"
fi
chmod 0444 "$db_secret_dir/db-password"   # postgres reads it as its own unprivileged user

# The same flow fugue uses in Azure: managed-identity token (Container Apps protocol), then Key Vault.
token=$(curl -fsS --retry 20 --retry-all-errors --retry-delay 1 \
  -H "X-IDENTITY-HEADER: ${IDENTITY_HEADER}" \
  "${IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=https://lowkey-vault" \
  | sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p')
if [ -z "$token" ]; then
  echo "seed: no token from ${IDENTITY_ENDPOINT}" >&2
  exit 1
fi
auth_header=$(mktemp)
trap 'rm -f "$auth_header"' EXIT
printf 'Authorization: Bearer %s\n' "$token" > "$auth_header"

# seed_secret NAME: reads the value on standard input and sets it as the newest version of NAME.
seed_secret() {
  name=$1
  { printf '{"contentType":"text/plain","value":"'; cat; printf '"}'; } \
    | curl -fsS -o /dev/null --cacert "$ca" --retry 5 --retry-all-errors --retry-delay 1 \
        -X PUT -H @"$auth_header" -H 'Content-Type: application/json' --data-binary @- \
        "${VAULT_URL%/}/secrets/${name}?api-version=7.4"
  echo "seed: set ${name}"
}

# Values are hex or a plain user name, so they need no JSON escaping.
printf '%s' "$DB_USERNAME" | seed_secret db-username
seed_secret db-password < "$db_secret_dir/db-password"
# The emulator keeps secrets in memory, so each start gets a new signing key (sessions end with the stack).
random_hex | seed_secret session-signing-key
