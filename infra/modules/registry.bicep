// Azure Container Registry. No admin user: images are pushed by the pipeline's federated identity (AcrPush, see
// infra/scripts/setup-github-oidc.sh) and pulled by the app's identity (AcrPull, below).

@description('Registry name: 5-50 alphanumerics, globally unique.')
@minLength(5)
@maxLength(50)
param name string

@description('Azure region.')
param location string

@description('Tags for the resource.')
param tags object = {}

@allowed([
  'Basic'
  'Standard'
  'Premium'
])
@description('Registry SKU.')
param sku string = 'Basic'

@description('Principal (object) id that may pull images: the app identity.')
param pullPrincipalId string

var acrPullRoleId = '7f951dda-4ed3-4680-a7ca-43fe172d538d'

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: sku
  }
  properties: {
    adminUserEnabled: false
    anonymousPullEnabled: false
    publicNetworkAccess: 'Enabled'
  }
}

resource appPull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: registry
  name: guid(registry.id, pullPrincipalId, acrPullRoleId)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', acrPullRoleId)
    principalId: pullPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output id string = registry.id
output name string = registry.name
output loginServer string = registry.properties.loginServer
