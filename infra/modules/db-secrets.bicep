// Stores the database credentials in the vault, beside the server they open. Written through Azure Resource
// Manager, so the deployment needs no data-plane role; nothing is returned.

@description('Name of the vault.')
param vaultName string

@description('PostgreSQL login, stored as db-username.')
param dbUsername string

@secure()
@description('PostgreSQL password, stored as db-password.')
param dbPassword string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: vaultName
}

resource username 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'db-username'
  properties: {
    value: dbUsername
    contentType: 'text/plain'
  }
}

resource password 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'db-password'
  properties: {
    value: dbPassword
    contentType: 'text/plain'
  }
}
