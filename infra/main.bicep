// fugue on Azure Container Apps: one resource group per azd environment (dev, test, prod).
//
//   azd up                      provision (this file) + bootstrap-secrets.sh (postprovision hook) + deploy
//
// Order matters for the identity: the app's user-assigned identity is created first and receives "Key Vault
// Secrets User" on the vault and "AcrPull" on the registry before the container app exists, so the first revision
// can pull its image and read its secrets. Secrets never pass through outputs.
targetScope = 'subscription'

// ---------------------------------------------------------------------------------------------------------------
// Parameters (values come from main.parameters.json, i.e. from the azd environment)
// ---------------------------------------------------------------------------------------------------------------

@minLength(1)
@maxLength(64)
@description('Name of the azd environment, e.g. fugue-dev. Names the resource group and seeds every resource name.')
param environmentName string

@minLength(1)
@description('Azure region of every resource.')
param location string

@allowed([
  'dev'
  'test'
  'prod'
])
@description('Kind of environment. Selects sizes, replica counts, retention and network isolation (see envSettings).')
param environmentType string = 'dev'

@secure()
@minLength(12)
@description('PostgreSQL administrator password. Generated once outside this template (azd secretOrRandomPassword on the first provision, read back from the vault afterwards; or bootstrap-secrets.sh on the manual path) and stored in the vault as db-password. No default on purpose.')
param dbPassword string

@minLength(1)
@maxLength(63)
@description('PostgreSQL administrator login, stored in the vault as db-username.')
param dbUsername string = 'fugue'

@description('Object id of whoever runs the deployment (azd sets AZURE_PRINCIPAL_ID). Gets "Key Vault Secrets Officer" when operatorSecretsAccess is true, so bootstrap-secrets.sh can create secrets and azd can read db-password back. Empty: no assignment.')
param operatorPrincipalId string = ''

@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
@description('Principal type of operatorPrincipalId.')
param operatorPrincipalType string = 'User'

@description('Give the operator standing "Key Vault Secrets Officer". Set false in prod and grant it just in time with infra/scripts/grant-access.sh instead.')
param operatorSecretsAccess bool = true

@description('Whether the api container app exists already (azd sets SERVICE_API_RESOURCE_EXISTS). A re-provision then keeps the deployed image instead of the placeholder.')
param apiExists bool = false

@allowed([
  'keyvault'
  'env'
])
@description('How the app gets its secrets. keyvault (default, Method 2): the app reads Key Vault with its identity and follows rotations. env (Method 1): Container Apps reads them by keyVaultUrl reference and passes them as environment variables.')
param secretsMethod string = 'keyvault'

@description('E-mail address that receives the Key Vault access alerts. Empty: the action group has no receiver (alerts still show in the portal).')
param alertEmail string = ''

// ---------------------------------------------------------------------------------------------------------------
// Per-environment settings
// ---------------------------------------------------------------------------------------------------------------

// prod gets private networking (PostgreSQL reachable only inside the VNet, no "allow all Azure IPs" rule), zone-
// redundant PostgreSQL, longer retention and more replicas. dev may scale to zero: the native image starts in tens
// of milliseconds.
// databasePoolSize: connections per replica. A deploy runs the old and the new revision side by side, so
// 2 x maxReplicas x databasePoolSize plus a few operator sessions must fit the server's user connections: B1ms
// allows 50, 15 of them reserved for Azure (35 usable); D2ds_v5 allows 859 (844). DatabaseConnectionBudgetTest
// checks it.
var envSettings = {
  dev: {
    privateNetworking: false
    minReplicas: 0
    maxReplicas: 2
    concurrentRequests: 50
    databasePoolSize: 7
    cpu: '0.5'
    memory: '1Gi'
    logRetentionDays: 30
    registrySku: 'Basic'
    vaultSoftDeleteDays: 7
    postgresSkuName: 'Standard_B1ms'
    postgresTier: 'Burstable'
    postgresStorageGB: 32
    postgresBackupDays: 7
    postgresHighAvailability: 'Disabled'
  }
  test: {
    privateNetworking: false
    minReplicas: 1
    maxReplicas: 3
    concurrentRequests: 50
    databasePoolSize: 5
    cpu: '0.5'
    memory: '1Gi'
    logRetentionDays: 30
    registrySku: 'Basic'
    vaultSoftDeleteDays: 30
    postgresSkuName: 'Standard_B1ms'
    postgresTier: 'Burstable'
    postgresStorageGB: 32
    postgresBackupDays: 7
    postgresHighAvailability: 'Disabled'
  }
  prod: {
    privateNetworking: true
    minReplicas: 2
    maxReplicas: 10
    concurrentRequests: 100
    databasePoolSize: 16
    cpu: '1.0'
    memory: '2Gi'
    logRetentionDays: 90
    registrySku: 'Standard'
    vaultSoftDeleteDays: 90
    postgresSkuName: 'Standard_D2ds_v5'
    postgresTier: 'GeneralPurpose'
    postgresStorageGB: 64
    postgresBackupDays: 35
    postgresHighAvailability: 'ZoneRedundant'
  }
}
var settings = envSettings[environmentType]

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
  'fugue-environment-type': environmentType
}
var databaseName = 'fugue'

// ---------------------------------------------------------------------------------------------------------------
// Resources
// ---------------------------------------------------------------------------------------------------------------

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module network 'modules/network.bicep' = if (settings.privateNetworking) {
  name: 'network'
  scope: rg
  params: {
    name: '${abbrs.networkVirtualNetworks}${resourceToken}'
    location: location
    tags: tags
    postgresServerName: '${abbrs.dBforPostgreSQLServers}${resourceToken}'
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    workspaceName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    environmentName: '${abbrs.appManagedEnvironments}${resourceToken}'
    location: location
    tags: tags
    retentionInDays: settings.logRetentionDays
    infrastructureSubnetId: settings.privateNetworking ? network!.outputs.appSubnetId : ''
  }
}

// The one identity of the app: pulls its image, reads its secrets.
module appIdentity 'modules/identity.bicep' = {
  name: 'app-identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}api-${resourceToken}'
    location: location
    tags: tags
  }
}

module registry 'modules/registry.bicep' = {
  name: 'registry'
  scope: rg
  params: {
    name: '${abbrs.containerRegistryRegistries}${resourceToken}'
    location: location
    tags: tags
    sku: settings.registrySku
    pullPrincipalId: appIdentity.outputs.principalId
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: '${abbrs.keyVaultVaults}${resourceToken}'
    location: location
    tags: tags
    softDeleteRetentionInDays: settings.vaultSoftDeleteDays
    secretsUserPrincipalId: appIdentity.outputs.principalId
    operatorPrincipalId: operatorSecretsAccess ? operatorPrincipalId : ''
    operatorPrincipalType: operatorPrincipalType
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
  }
}

module postgres 'modules/postgres.bicep' = {
  name: 'postgres'
  scope: rg
  params: {
    name: '${abbrs.dBforPostgreSQLServers}${resourceToken}'
    location: location
    tags: tags
    administratorLogin: dbUsername
    administratorLoginPassword: dbPassword
    databaseName: databaseName
    skuName: settings.postgresSkuName
    skuTier: settings.postgresTier
    storageSizeGB: settings.postgresStorageGB
    backupRetentionDays: settings.postgresBackupDays
    highAvailabilityMode: settings.postgresHighAvailability
    delegatedSubnetId: settings.privateNetworking ? network!.outputs.postgresSubnetId : ''
    privateDnsZoneId: settings.privateNetworking ? network!.outputs.postgresDnsZoneId : ''
    // Public access with the "all Azure IPs" rule only where there is no VNet, i.e. never in prod.
    allowAzureServices: !settings.privateNetworking
  }
}

// db-username and db-password go to the vault with the server they belong to; session-signing-key is created by
// infra/scripts/bootstrap-secrets.sh (a random value the template never sees).
module dbSecrets 'modules/db-secrets.bicep' = {
  name: 'db-secrets'
  scope: rg
  params: {
    vaultName: keyVault.outputs.name
    dbUsername: dbUsername
    dbPassword: dbPassword
  }
}

module apiImage 'modules/app-image.bicep' = {
  name: 'api-image'
  scope: rg
  params: {
    exists: apiExists
    name: '${abbrs.appContainerApps}api-${resourceToken}'
  }
}

module api 'modules/app.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: '${abbrs.appContainerApps}api-${resourceToken}'
    location: location
    tags: tags
    environmentId: monitoring.outputs.environmentId
    image: apiImage.outputs.image
    registryServer: registry.outputs.loginServer
    identityId: appIdentity.outputs.id
    identityClientId: appIdentity.outputs.clientId
    keyVaultEndpoint: keyVault.outputs.endpoint
    jdbcUrl: 'jdbc:postgresql://${postgres.outputs.fqdn}:5432/${databaseName}?sslmode=require'
    secretsMethod: secretsMethod
    // No replica while the placeholder image runs, in every environment: it cannot pass fugue's probes on 8080, and
    // a revision without a ready replica fails the deployment. The next provision applies the environment's minimum.
    minReplicas: apiExists ? settings.minReplicas : 0
    maxReplicas: settings.maxReplicas
    concurrentRequests: settings.concurrentRequests
    databasePoolSize: settings.databasePoolSize
    cpu: settings.cpu
    memory: settings.memory
  }
  // Roles first (keyVault and registry carry the assignments), then the app; and the database secrets exist before a
  // Method 1 revision references them. session-signing-key comes from the postprovision hook, after this
  // deployment, so Method 1 (secretsMethod 'env') works from the second provision on (docs/deploy.md).
  dependsOn: [
    keyVault
    registry
    dbSecrets
  ]
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  scope: rg
  params: {
    namePrefix: '${abbrs.insightsScheduledQueryRules}${resourceToken}'
    actionGroupName: '${abbrs.insightsActionGroups}${resourceToken}'
    location: location
    tags: tags
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
    keyVaultId: keyVault.outputs.id
    appIdentityClientId: appIdentity.outputs.clientId
    appIdentityPrincipalId: appIdentity.outputs.principalId
    appName: api.outputs.name
    alertEmail: alertEmail
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Outputs: azd stores them in the environment (.azure/<env>/.env). Names and endpoints only, never secrets.
// ---------------------------------------------------------------------------------------------------------------

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output FUGUE_ENVIRONMENT_TYPE string = environmentType
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer
output AZURE_CONTAINER_REGISTRY_NAME string = registry.outputs.name
output AZURE_CONTAINER_ENVIRONMENT_NAME string = monitoring.outputs.environmentName
output AZURE_LOG_ANALYTICS_WORKSPACE_NAME string = monitoring.outputs.workspaceName
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.endpoint
output POSTGRES_SERVER_NAME string = postgres.outputs.name
output POSTGRES_SERVER_FQDN string = postgres.outputs.fqdn
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
output SERVICE_API_IDENTITY_NAME string = appIdentity.outputs.name
output SERVICE_API_IDENTITY_CLIENT_ID string = appIdentity.outputs.clientId
output SERVICE_API_IDENTITY_PRINCIPAL_ID string = appIdentity.outputs.principalId
