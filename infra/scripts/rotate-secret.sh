#!/usr/bin/env bash
# Creates a new version of one of fugue's secrets; optionally disables the version it replaces.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: rotate-secret.sh --vault-name NAME --secret NAME [--value-from-stdin]
                        [--postgres-server NAME --resource-group RG] [--disable-previous]

Sets a new version of SECRET. fugue picks it up within fugue.keyvault.refresh-interval (10 minutes by default)
without a restart (Method 2); see docs/rotation.md for what each secret's rotation means for users.

New values:
  session-signing-key  openssl rand -hex 32
  db-password          32 random letters and digits; with --postgres-server the server's administrator password
                       is changed to it first, then the vault gets it
  any secret           --value-from-stdin reads the value from standard input (e.g. `pass show x | …`)

--disable-previous disables the version that was newest before this run. Do it only when nothing needs the old
value any more: for session-signing-key that ends every session signed with it (wait fugue.session.max-age,
12 hours by default, to let sessions move to the new key); for db-password it is safe once the server has the
new password.

Values never appear on a command line or in the output; versions are found by listing metadata, no value is
read. Needs: az (logged in) with "Key Vault Secrets Officer" on the vault (and rights on the server for
--postgres-server), and openssl.

Options:
  --vault-name NAME          the vault (default: $AZURE_KEY_VAULT_NAME)
  --secret NAME              the secret to rotate
  --value-from-stdin         take the new value from standard input
  --postgres-server NAME     db-password only: also set it on this PostgreSQL Flexible Server
  --resource-group RG        resource group of --postgres-server (default: $AZURE_RESOURCE_GROUP)
  --disable-previous         disable the previously newest version afterwards
  -h, --help                 this text
USAGE
}

vault=${AZURE_KEY_VAULT_NAME:-}
resource_group=${AZURE_RESOURCE_GROUP:-}
secret=''
from_stdin=false
postgres_server=''
disable_previous=false
while [[ $# -gt 0 ]]; do
  case $1 in
    --vault-name) vault=${2:?--vault-name needs a value}; shift 2 ;;
    --secret) secret=${2:?--secret needs a value}; shift 2 ;;
    --value-from-stdin) from_stdin=true; shift ;;
    --postgres-server) postgres_server=${2:?--postgres-server needs a value}; shift 2 ;;
    --resource-group) resource_group=${2:?--resource-group needs a value}; shift 2 ;;
    --disable-previous) disable_previous=true; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "rotate-secret: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ -n $vault ]] || { echo "rotate-secret: --vault-name is required" >&2; exit 2; }
[[ -n $secret ]] || { echo "rotate-secret: --secret is required" >&2; exit 2; }
if [[ -n $postgres_server && $secret != db-password ]]; then
  echo "rotate-secret: --postgres-server goes with --secret db-password only" >&2
  exit 2
fi
if [[ -n $postgres_server && -z $resource_group ]]; then
  echo "rotate-secret: --postgres-server needs --resource-group" >&2
  exit 2
fi

# Private scratch space for the one value, removed however the script ends.
umask 077
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
value_file=$work/value

if $from_stdin; then
  # Held in a shell variable (command substitution drops a trailing newline) and written by the printf builtin:
  # no process ever has it in its arguments.
  value=$(cat)
  printf '%s' "$value" >"$value_file"
  unset value
elif [[ $secret == session-signing-key ]]; then
  openssl rand -hex 32 | tr -d '\n' >"$value_file"
elif [[ $secret == db-password ]]; then
  while :; do
    # cut ends its line with a newline, which `az keyvault secret set --file` would keep as part of the password.
    openssl rand -base64 48 | tr -dc 'A-Za-z0-9' | cut -c1-32 | tr -d '\n' >"$value_file"
    if grep -q '[A-Z]' "$value_file" && grep -q '[a-z]' "$value_file" && grep -q '[0-9]' "$value_file"; then
      break
    fi
  done
else
  echo "rotate-secret: no generator for '$secret'; pass the value with --value-from-stdin" >&2
  exit 2
fi
[[ -s $value_file ]] || { echo "rotate-secret: empty value refused" >&2; exit 1; }

# The newest enabled version before this run (metadata only).
previous=$(az keyvault secret list-versions --vault-name "$vault" --name "$secret" \
  --query "sort_by([?attributes.enabled], &attributes.created)[-1].id" --output tsv)

if [[ -n $postgres_server ]]; then
  # az reads @file arguments from the file, so the password is not on a command line.
  az postgres flexible-server update --resource-group "$resource_group" --name "$postgres_server" \
    --admin-password "@$value_file" --output none
  echo "rotate-secret: $postgres_server has the new password"
fi

az keyvault secret set --vault-name "$vault" --name "$secret" --file "$value_file" --encoding utf-8 \
  --content-type text/plain --output none
echo "rotate-secret: $secret has a new version"

if $disable_previous; then
  if [[ -z $previous ]]; then
    echo "rotate-secret: no earlier enabled version to disable"
  else
    az keyvault secret set-attributes --id "$previous" --enabled false --output none
    echo "rotate-secret: disabled ${previous##*/}"
  fi
elif [[ -n $previous ]]; then
  echo "rotate-secret: previous version ${previous##*/} stays enabled; disable it later with"
  echo "  az keyvault secret set-attributes --id $previous --enabled false"
fi
