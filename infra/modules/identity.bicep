// The app's user-assigned managed identity. Created before everything that grants it a role, so the roles are in
// place when the first revision starts (a system-assigned identity would exist only with the app).

@description('Name of the identity.')
param name string

@description('Azure region.')
param location string

@description('Tags for the resource.')
param tags object = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
@description('Client (application) id: what the app passes as fugue.keyvault.managed-identity-client-id.')
output clientId string = identity.properties.clientId
@description('Object id of the service principal: what role assignments name.')
output principalId string = identity.properties.principalId
