#!/usr/bin/env bash
# Grants (or revokes) a principal a Key Vault secrets role on one vault, and nothing wider.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: grant-access.sh --vault-name NAME --assignee ID [--role reader|officer]
                       [--principal-type ServicePrincipal|User|Group] [--revoke]

Roles, always scoped to the vault alone:
  reader   Key Vault Secrets User    (4633458b-17de-408a-b874-0445c86b69e6): read values, list versions.
           What an application identity needs, e.g. a second fugue deployment sharing the vault.
  officer  Key Vault Secrets Officer (b86a8fe4-44ce-4948-aee5-eccb2c155cd7): create, rotate, disable.
           What a person running bootstrap-secrets.sh or rotate-secret.sh needs; revoke it afterwards in prod.

--assignee is an object id (preferred: no directory lookup) or a user principal name. A managed identity's
object id is `az identity show -g RG -n NAME --query principalId -o tsv`.
Running it twice is harmless: an existing assignment is reported, not duplicated.

Options:
  --vault-name NAME        the vault (default: $AZURE_KEY_VAULT_NAME)
  --assignee ID            object id or user principal name
  --role reader|officer    default: reader
  --principal-type TYPE    ServicePrincipal (default for object ids), User or Group
  --revoke                 remove the assignment instead
  -h, --help               this text
USAGE
}

vault=${AZURE_KEY_VAULT_NAME:-}
assignee=''
role=reader
principal_type=ServicePrincipal
revoke=false
while [[ $# -gt 0 ]]; do
  case $1 in
    --vault-name) vault=${2:?--vault-name needs a value}; shift 2 ;;
    --assignee) assignee=${2:?--assignee needs a value}; shift 2 ;;
    --role) role=${2:?--role needs a value}; shift 2 ;;
    --principal-type) principal_type=${2:?--principal-type needs a value}; shift 2 ;;
    --revoke) revoke=true; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "grant-access: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ -n $vault ]] || { echo "grant-access: --vault-name is required" >&2; exit 2; }
[[ -n $assignee ]] || { echo "grant-access: --assignee is required" >&2; exit 2; }
case $role in
  reader) role_id=4633458b-17de-408a-b874-0445c86b69e6 ;;
  officer) role_id=b86a8fe4-44ce-4948-aee5-eccb2c155cd7 ;;
  *) echo "grant-access: --role is reader or officer" >&2; exit 2 ;;
esac
case $principal_type in
  ServicePrincipal | User | Group) ;;
  *) echo "grant-access: --principal-type is ServicePrincipal, User or Group" >&2; exit 2 ;;
esac

scope=$(az keyvault show --name "$vault" --query id --output tsv)

# An object id needs no Microsoft Graph lookup; a user principal name does.
if [[ $assignee =~ ^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$ ]]; then
  who=(--assignee-object-id "$assignee" --assignee-principal-type "$principal_type")
else
  who=(--assignee "$assignee")
fi

count=$(az role assignment list --scope "$scope" --role "$role_id" --assignee "$assignee" \
  --query "length(@)" --output tsv)

if $revoke; then
  if [[ $count == 0 ]]; then
    echo "grant-access: $assignee has no $role assignment on $vault"
  else
    az role assignment delete --scope "$scope" --role "$role_id" --assignee "$assignee" --output none
    echo "grant-access: revoked $role on $vault from $assignee"
  fi
  exit 0
fi

if [[ $count != 0 ]]; then
  echo "grant-access: $assignee already has $role on $vault"
  exit 0
fi
az role assignment create --scope "$scope" --role "$role_id" "${who[@]}" --output none
echo "grant-access: granted $role on $vault to $assignee (role assignments take a few minutes to apply)"
