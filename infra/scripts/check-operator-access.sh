#!/usr/bin/env bash
# Stops a provision that would replace the database password by mistake. azd's preprovision hook runs it.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: check-operator-access.sh [--vault-name NAME]

azd fills the dbPassword parameter with `secretOrRandomPassword <vault> db-password`: it reads db-password back from
the vault, and when it cannot (no read access, as in prod with FUGUE_OPERATOR_SECRETS_ACCESS=false and no grant),
it generates a new password. Bicep would then set that on the PostgreSQL server and store it as a new version, a
database password rotation nobody planned. This check runs before every provision and fails it in that case.

  no vault yet (first provision)        passes: there is no password to keep
  db-password readable                  passes
  no db-password in the vault (404)     passes: azd creates it
  anything else (403, network, ...)     fails, saying how to grant yourself read access first

az fetches the secret to show its id, which the script discards: no value is printed or stored.

Options:
  --vault-name NAME    the vault (default: $AZURE_KEY_VAULT_NAME, which azd sets after the first provision)
  -h, --help           this text
USAGE
}

vault=${AZURE_KEY_VAULT_NAME:-}
while [[ $# -gt 0 ]]; do
  case $1 in
    --vault-name) vault=${2:?--vault-name needs a value}; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "check-operator-access: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
if [[ -z $vault ]]; then
  echo "check-operator-access: no vault yet (first provision); nothing to keep"
  exit 0
fi
command -v az >/dev/null || { echo "check-operator-access: az (Azure CLI) not found" >&2; exit 1; }

errors=$(mktemp)
trap 'rm -f "$errors"' EXIT
if az keyvault secret show --vault-name "$vault" --name db-password --query id --output tsv >/dev/null 2>"$errors"; then
  echo "check-operator-access: db-password in $vault is readable; the database password is kept"
  exit 0
fi
if grep -q 'SecretNotFound' "$errors"; then
  echo "check-operator-access: no db-password in $vault yet; the provision creates one"
  exit 0
fi
cat "$errors" >&2
cat >&2 <<MESSAGE
check-operator-access: db-password in $vault cannot be read, so azd would generate a new database password and
the provision would set it on the server. Grant yourself read access first, provision, then revoke it:
  bash infra/scripts/grant-access.sh --vault-name $vault --role officer --principal-type User --assignee <your object id>
  azd provision
  bash infra/scripts/grant-access.sh --vault-name $vault --role officer --principal-type User --assignee <your object id> --revoke
MESSAGE
exit 1
