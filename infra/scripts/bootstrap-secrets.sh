#!/usr/bin/env bash
# Creates the secrets fugue reads from Key Vault, once. Safe to run again: a secret that exists is left alone.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: bootstrap-secrets.sh --vault-name NAME [--db-username LOGIN]

Creates every secret fugue's %prod configuration references, when it does not exist yet:

  db-username          the PostgreSQL login (default: fugue)
  db-password          32 random characters (letters and digits, as PostgreSQL's password rules want)
  session-signing-key  openssl rand -hex 32

An existing secret is kept as it is, whatever its value (use rotate-secret.sh to change one). With azd the
database secrets already exist (Bicep wrote them with the server), so only session-signing-key is created.
On the manual path, docs/deploy.md stores db-password itself while it creates the PostgreSQL server (from a
private file, so the value is never printed), then runs this for the other two.

Values are generated here and handed to az on standard input; they never appear on a command line, in shell
history or in this script's output. The script lists secret names only and reads no value.

Needs: az (logged in) with "Key Vault Secrets Officer" on the vault, and openssl. A 403 from the vault is asked
again every BOOTSTRAP_ACCESS_RETRY_SECONDS [15] for up to BOOTSTRAP_ACCESS_WAIT_SECONDS [300]: a role assignment
made by the same deployment takes a while to apply.

Options:
  --vault-name NAME    the vault (default: $AZURE_KEY_VAULT_NAME)
  --db-username LOGIN  login to store as db-username when it is missing (default: fugue)
  -h, --help           this text
USAGE
}

vault=${AZURE_KEY_VAULT_NAME:-}
db_username=fugue
while [[ $# -gt 0 ]]; do
  case $1 in
    --vault-name) vault=${2:?--vault-name needs a value}; shift 2 ;;
    --db-username) db_username=${2:?--db-username needs a value}; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "bootstrap-secrets: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
if [[ -z $vault ]]; then
  echo "bootstrap-secrets: --vault-name is required (or AZURE_KEY_VAULT_NAME)" >&2
  exit 2
fi
command -v az >/dev/null || { echo "bootstrap-secrets: az (Azure CLI) not found" >&2; exit 1; }
command -v openssl >/dev/null || { echo "bootstrap-secrets: openssl not found" >&2; exit 1; }

# Names only (SecretList): the existence check reads no value. A role assignment made by the same deployment (azd runs
# this hook seconds after it) can take minutes to reach the vault, so a 403 is asked again for a while.
list_names() {
  local waited=0 limit=${BOOTSTRAP_ACCESS_WAIT_SECONDS:-300} pause=${BOOTSTRAP_ACCESS_RETRY_SECONDS:-15} errors names
  errors=$(mktemp)
  while :; do
    if names=$(az keyvault secret list --vault-name "$vault" --query "[].name" --output tsv 2>"$errors"); then
      rm -f "$errors"
      printf '%s\n' "$names"
      return
    fi
    if ! grep -q 'Forbidden' "$errors" || ((waited >= limit)); then
      cat "$errors" >&2
      rm -f "$errors"
      return 1
    fi
    echo "bootstrap-secrets: no access to $vault yet (a new role assignment can take minutes); asking again in ${pause} s" >&2
    sleep "$pause"
    waited=$((waited + pause))
  done
}
existing=$(list_names)
deleted=$(az keyvault secret list-deleted --vault-name "$vault" --query "[].name" --output tsv 2>/dev/null || true)

has_line() { grep -qixF -- "$1" <<<"$2"; }

# 32 characters of [A-Za-z0-9] with each class present (PostgreSQL wants three of four character classes).
random_password() {
  local candidate
  while :; do
    candidate=$(openssl rand -base64 48 | tr -dc 'A-Za-z0-9' | cut -c1-32)
    if [[ ${#candidate} -eq 32 && $candidate =~ [A-Z] && $candidate =~ [a-z] && $candidate =~ [0-9] ]]; then
      printf '%s' "$candidate"
      return
    fi
  done
}

# The session key as 64 hex characters, without openssl's trailing newline (it would become part of the key).
random_hex_key() { openssl rand -hex 32 | tr -d '\n'; }

# ensure_secret NAME GENERATOR...: runs GENERATOR and stores its output as NAME unless NAME exists.
ensure_secret() {
  local name=$1
  shift
  if has_line "$name" "$existing"; then
    echo "bootstrap-secrets: $name exists, kept"
    return
  fi
  if has_line "$name" "$deleted"; then
    echo "bootstrap-secrets: $name is soft-deleted in $vault; recover it first:" >&2
    echo "  az keyvault secret recover --vault-name $vault --name $name" >&2
    return 1
  fi
  # The value flows generator -> pipe -> az's standard input; --output none keeps az from echoing it back.
  "$@" | az keyvault secret set --vault-name "$vault" --name "$name" \
    --file /dev/stdin --encoding utf-8 --content-type text/plain --output none
  echo "bootstrap-secrets: $name created"
}

ensure_secret db-username printf '%s' "$db_username"
ensure_secret db-password random_password
ensure_secret session-signing-key random_hex_key
