#!/usr/bin/env bash
# Lets one GitHub environment of one repository deploy fugue to one resource group, with OpenID Connect and no
# stored Azure secret: a user-assigned identity trusts GitHub's token for exactly that repository + environment.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: setup-github-oidc.sh --repo OWNER/NAME --environment ENV --resource-group RG [--identity-name NAME]

Run once per environment (dev, prod), by someone who may create identities and assign roles in RG (Owner, or
Contributor + User Access Administrator), after the first `azd provision` of that environment.

It creates, idempotently:
  1. a user-assigned managed identity in RG (default name: id-github-deploy-ENV): the pipeline's identity;
  2. a federated credential on it: issuer https://token.actions.githubusercontent.com,
     subject repo:OWNER/NAME:environment:ENV, audience api://AzureADTokenExchange. Only workflow jobs that run in
     that GitHub environment (after its protection rules passed) can get a token for the identity;
  3. least-privilege role assignments:
       AcrPush                   on the container registry   push the image it built
       Contributor               on the container app only   create a revision with the new image
       Managed Identity Operator on the app's identity only  keep that identity attached while updating the app
       Reader                    on the resource group       find the registry, app and revisions (metadata only)
       a custom role with Microsoft.App/managedEnvironments/join/action only, on the Container Apps environment:
                                                             az containerapp update needs it (it sends the environment)
     Nothing on the Key Vault: the pipeline never sees a secret value, the app reads them itself.

Then it prints the non-secret values to store as variables of the GitHub environment ENV (the three for
azure/login, and the names deploy.yml needs). Nothing it prints is a credential.

Options:
  --repo OWNER/NAME       the GitHub repository
  --environment ENV       GitHub environment and fugue environment type, e.g. dev or prod
  --resource-group RG     the resource group azd created (default: $AZURE_RESOURCE_GROUP)
  --identity-name NAME    name of the pipeline identity (default: id-github-deploy-ENV)
  -h, --help              this text
USAGE
}

repo=''
environment=''
resource_group=${AZURE_RESOURCE_GROUP:-}
identity_name=''
while [[ $# -gt 0 ]]; do
  case $1 in
    --repo) repo=${2:?--repo needs a value}; shift 2 ;;
    --environment) environment=${2:?--environment needs a value}; shift 2 ;;
    --resource-group) resource_group=${2:?--resource-group needs a value}; shift 2 ;;
    --identity-name) identity_name=${2:?--identity-name needs a value}; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "setup-github-oidc: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ $repo =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]] || { echo "setup-github-oidc: --repo OWNER/NAME is required" >&2; exit 2; }
[[ $environment =~ ^[A-Za-z0-9_-]+$ ]] || { echo "setup-github-oidc: --environment is required" >&2; exit 2; }
[[ -n $resource_group ]] || { echo "setup-github-oidc: --resource-group is required" >&2; exit 2; }
identity_name=${identity_name:-id-github-deploy-$environment}

acr_push=8311e382-0749-4cb8-b61a-304f252e45ec
contributor=b24988ac-6180-42a0-ab88-20f7382dd24c
identity_operator=f1a07417-d97a-45cb-824c-7a7467783830
reader=acdd72a7-3385-48ef-bd42-f606fba81ae7

# What azd created (tags and resource types identify it).
rg_id=$(az group show --name "$resource_group" --query id --output tsv)
location=$(az group show --name "$resource_group" --query location --output tsv)
registry_id=$(az acr list --resource-group "$resource_group" --query "[0].id" --output tsv)
registry_name=$(az acr list --resource-group "$resource_group" --query "[0].name" --output tsv)
app_id=$(az containerapp list --resource-group "$resource_group" \
  --query "[?tags.\"azd-service-name\"=='api'] | [0].id" --output tsv)
app_name=$(az containerapp list --resource-group "$resource_group" \
  --query "[?tags.\"azd-service-name\"=='api'] | [0].name" --output tsv)
[[ -n $registry_id && -n $app_id ]] || {
  echo "setup-github-oidc: no registry or api container app in $resource_group; run azd provision first" >&2
  exit 1
}
app_identity_id=$(az containerapp show --ids "$app_id" \
  --query "keys(identity.userAssignedIdentities)[0]" --output tsv)

# 1. The pipeline's identity.
if ! az identity show --resource-group "$resource_group" --name "$identity_name" --output none 2>/dev/null; then
  az identity create --resource-group "$resource_group" --name "$identity_name" --location "$location" \
    --tags purpose=github-deploy "github-repo=$repo" "github-environment=$environment" --output none
  echo "setup-github-oidc: created identity $identity_name"
fi
client_id=$(az identity show --resource-group "$resource_group" --name "$identity_name" --query clientId --output tsv)
principal_id=$(az identity show --resource-group "$resource_group" --name "$identity_name" --query principalId --output tsv)

# 2. Trust GitHub's token for this repository and environment only.
credential_name="github-${environment}"
subject="repo:${repo}:environment:${environment}"
if ! az identity federated-credential show --resource-group "$resource_group" --identity-name "$identity_name" \
  --name "$credential_name" --output none 2>/dev/null; then
  az identity federated-credential create --resource-group "$resource_group" --identity-name "$identity_name" \
    --name "$credential_name" --issuer https://token.actions.githubusercontent.com \
    --subject "$subject" --audiences api://AzureADTokenExchange --output none
  echo "setup-github-oidc: federated credential for $subject"
fi

# 3. Roles, each on the narrowest scope that works.
assign() {
  local role=$1 scope=$2 what=$3
  local count
  count=$(az role assignment list --assignee "$principal_id" --role "$role" --scope "$scope" \
    --query "length(@)" --output tsv)
  if [[ $count == 0 ]]; then
    az role assignment create --assignee-object-id "$principal_id" --assignee-principal-type ServicePrincipal \
      --role "$role" --scope "$scope" --output none
  fi
  echo "setup-github-oidc: $what"
}
assign "$acr_push" "$registry_id" "AcrPush on $registry_name"
assign "$contributor" "$app_id" "Contributor on container app $app_name"
assign "$identity_operator" "$app_identity_id" "Managed Identity Operator on the app identity"
assign "$reader" "$rg_id" "Reader on $resource_group"

# az containerapp update sends the app's whole definition, its environment included, so Azure also checks
# Microsoft.App/managedEnvironments/join/action on the environment (LinkedAuthorizationFailed without it;
# microsoft/azure-container-apps#530). No built-in role grants that alone: a custom role with that one action,
# assignable in this resource group only, on the app's environment only.
environment_id=$(az containerapp show --ids "$app_id" --query properties.environmentId --output tsv)
# Role names are unique in the whole tenant: the subscription tells apart resource groups of the same name.
join_role="fugue deploy: join Container Apps environment ($resource_group, $(az account show --query id --output tsv))"
if [[ -z $(az role definition list --name "$join_role" --custom-role-only true --scope "$rg_id" \
  --query "[].roleName" --output tsv) ]]; then
  definition=$(mktemp)
  cat >"$definition" <<JSON
{
  "Name": "$join_role",
  "IsCustom": true,
  "Description": "Lets a deployment pipeline update a container app in a Container Apps environment; nothing else.",
  "Actions": ["Microsoft.App/managedEnvironments/join/action"],
  "NotActions": [],
  "AssignableScopes": ["$rg_id"]
}
JSON
  az role definition create --role-definition "@$definition" --output none
  rm -f "$definition"
  echo "setup-github-oidc: created role '$join_role'"
fi
# A new role definition takes a while to be known everywhere: ask again for up to two minutes.
join_assigned=false
join_errors=$(mktemp)
for _ in $(seq 1 12); do
  if count=$(az role assignment list --assignee "$principal_id" --role "$join_role" --scope "$environment_id" \
    --query "length(@)" --output tsv 2>"$join_errors") \
    && { [[ $count != 0 ]] || az role assignment create --assignee-object-id "$principal_id" \
      --assignee-principal-type ServicePrincipal --role "$join_role" --scope "$environment_id" \
      --output none 2>"$join_errors"; }; then
    join_assigned=true
    break
  fi
  sleep 10
done
if [[ $join_assigned != true ]]; then
  echo "setup-github-oidc: could not assign '$join_role' on $environment_id within 2 minutes; the last error:" >&2
  cat "$join_errors" >&2
  rm -f "$join_errors"
  exit 1
fi
rm -f "$join_errors"
echo "setup-github-oidc: join on the Container Apps environment only"

cat <<EOF

Store these as variables (Settings > Environments > $environment > Environment variables) of $repo;
none of them is a secret:

  AZURE_CLIENT_ID=$client_id
  AZURE_TENANT_ID=$(az account show --query tenantId --output tsv)
  AZURE_SUBSCRIPTION_ID=$(az account show --query id --output tsv)

and, for .github/workflows/deploy.yml:

  AZURE_RESOURCE_GROUP=$resource_group
  AZURE_CONTAINER_REGISTRY_NAME=$registry_name
  AZURE_CONTAINER_APP_NAME=$app_name

With the GitHub CLI: gh variable set NAME --env $environment --repo $repo --body VALUE
EOF
