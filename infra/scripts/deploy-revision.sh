#!/usr/bin/env bash
# Pushes a locally built fugue image to the environment's registry and makes it the container app's new revision.
# Used by .github/workflows/deploy.yml after azure/login; works the same from a shell after `az login`.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: deploy-revision.sh --resource-group RG --registry NAME --app NAME --image LOCAL_IMAGE --tag TAG
                          --revision-suffix SUFFIX

  1. az acr login (token exchange with the current Azure login; the registry has no admin user)
  2. docker tag LOCAL_IMAGE <registry>.azurecr.io/fugue/api:TAG and push it
  3. az containerapp update --image … --revision-suffix SUFFIX
  4. wait until that revision runs and is healthy (its probes passed), or fail after 5 minutes

Prints the revision's own URL, https://<app>--<suffix>.<environment domain>, on standard output (and as
revision-url in $GITHUB_OUTPUT when set), so the smoke test talks to the new revision itself.

Options:
  --resource-group RG        resource group of the app (default: $AZURE_RESOURCE_GROUP)
  --registry NAME            container registry name (default: $AZURE_CONTAINER_REGISTRY_NAME)
  --app NAME                 container app name (default: $AZURE_CONTAINER_APP_NAME)
  --image LOCAL_IMAGE        image built by docker/Dockerfile.native
  --tag TAG                  tag in the registry, e.g. the git tag or commit
  --revision-suffix SUFFIX   lowercase letters, digits and hyphens, unique per app
  -h, --help                 this text
USAGE
}

resource_group=${AZURE_RESOURCE_GROUP:-}
registry=${AZURE_CONTAINER_REGISTRY_NAME:-}
app=${AZURE_CONTAINER_APP_NAME:-}
image=''
tag=''
suffix=''
while [[ $# -gt 0 ]]; do
  case $1 in
    --resource-group) resource_group=${2:?--resource-group needs a value}; shift 2 ;;
    --registry) registry=${2:?--registry needs a value}; shift 2 ;;
    --app) app=${2:?--app needs a value}; shift 2 ;;
    --image) image=${2:?--image needs a value}; shift 2 ;;
    --tag) tag=${2:?--tag needs a value}; shift 2 ;;
    --revision-suffix) suffix=${2:?--revision-suffix needs a value}; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "deploy-revision: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
for required in resource_group registry app image tag suffix; do
  [[ -n ${!required} ]] || { echo "deploy-revision: --${required//_/-} is required" >&2; exit 2; }
done
[[ $suffix =~ ^[a-z0-9]([a-z0-9-]*[a-z0-9])?$ ]] || {
  echo "deploy-revision: --revision-suffix must be lowercase letters, digits and hyphens" >&2
  exit 2
}

login_server=$(az acr show --name "$registry" --query loginServer --output tsv)
remote="$login_server/fugue/api:$tag"

az acr login --name "$registry" >&2
docker tag "$image" "$remote"
docker push "$remote" >&2

az containerapp update --resource-group "$resource_group" --name "$app" \
  --image "$remote" --revision-suffix "$suffix" --output none
revision="$app--$suffix"
echo "deploy-revision: created revision $revision" >&2

state=''
for _ in $(seq 1 60); do
  state=$(az containerapp revision show --resource-group "$resource_group" --name "$app" --revision "$revision" \
    --query "join('/', [properties.runningState || '', properties.healthState || ''])" --output tsv)
  case $state in
    Running*/Healthy) break ;;
    Failed* | Degraded* | */Unhealthy)
      echo "deploy-revision: revision $revision is $state; its logs:" >&2
      echo "  az containerapp logs show -g $resource_group -n $app --revision $revision --tail 100" >&2
      exit 1 ;;
  esac
  sleep 5
done
if [[ $state != *Healthy ]]; then
  echo "deploy-revision: revision $revision not healthy after 5 minutes ($state)" >&2
  exit 1
fi

fqdn=$(az containerapp revision show --resource-group "$resource_group" --name "$app" --revision "$revision" \
  --query properties.fqdn --output tsv)
url="https://$fqdn"
if [[ -n ${GITHUB_OUTPUT:-} ]]; then
  echo "revision-url=$url" >>"$GITHUB_OUTPUT"
fi
echo "$url"
