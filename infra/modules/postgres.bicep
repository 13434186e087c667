// PostgreSQL Flexible Server and the app's database. TLS is required (require_secure_transport, TLS 1.2 at least);
// the app connects with sslmode=require. Either private (delegated subnet + private DNS, prod) or public with the
// "Azure services" rule (dev/test, where Container Apps has no fixed outbound address).

@description('Server name: 3-63 lowercase letters, digits and hyphens, globally unique.')
@minLength(3)
@maxLength(63)
param name string

@description('Azure region.')
param location string

@description('Tags for the resources.')
param tags object = {}

@description('Administrator login; the app uses it (stored in the vault as db-username).')
param administratorLogin string

@secure()
@description('Administrator password, generated outside the template (stored in the vault as db-password).')
param administratorLoginPassword string

@description('Database the app uses.')
param databaseName string = 'fugue'

@allowed([
  '16'
])
@description('PostgreSQL major version (docker/compose.yaml runs the same one).')
param version string = '16'

@description('Compute SKU, e.g. Standard_B1ms or Standard_D2ds_v5.')
param skuName string

@allowed([
  'Burstable'
  'GeneralPurpose'
  'MemoryOptimized'
])
@description('Compute tier matching skuName.')
param skuTier string

@minValue(32)
@maxValue(16384)
@description('Storage size in GiB (grows automatically).')
param storageSizeGB int = 32

@minValue(7)
@maxValue(35)
@description('Days of point-in-time restore.')
param backupRetentionDays int = 7

@allowed([
  'Disabled'
  'SameZone'
  'ZoneRedundant'
])
@description('High availability mode (not available on Burstable).')
param highAvailabilityMode string = 'Disabled'

@description('Subnet delegated to Microsoft.DBforPostgreSQL/flexibleServers. Empty: public access.')
param delegatedSubnetId string = ''

@description('Private DNS zone for the server name (with delegatedSubnetId).')
param privateDnsZoneId string = ''

@description('Public access only: let every Azure-hosted client reach the server (0.0.0.0 rule). Never in prod.')
param allowAzureServices bool = false

var privateAccess = !empty(delegatedSubnetId)

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuTier
  }
  properties: {
    version: version
    administratorLogin: administratorLogin
    administratorLoginPassword: administratorLoginPassword
    authConfig: {
      passwordAuth: 'Enabled'
      activeDirectoryAuth: 'Disabled'
    }
    storage: {
      storageSizeGB: storageSizeGB
      autoGrow: 'Enabled'
    }
    backup: {
      backupRetentionDays: backupRetentionDays
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: highAvailabilityMode
    }
    network: privateAccess ? {
      publicNetworkAccess: 'Disabled'
      delegatedSubnetResourceId: delegatedSubnetId
      privateDnsZoneArmResourceId: privateDnsZoneId
    } : {
      publicNetworkAccess: 'Enabled'
    }
  }
}

// Plain-text connections are refused.
resource requireTls 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: server
  name: 'require_secure_transport'
  properties: {
    value: 'ON'
    source: 'user-override'
  }
}

resource minTlsVersion 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: server
  name: 'ssl_min_protocol_version'
  properties: {
    value: 'TLSv1.2'
    source: 'user-override'
  }
  // The server applies one change at a time, so configurations, database and rule go one after another.
  dependsOn: [
    requireTls
  ]
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: server
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
  dependsOn: [
    minTlsVersion
  ]
}

resource allowAzure 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = if (allowAzureServices && !privateAccess) {
  parent: server
  name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
  dependsOn: [
    database
  ]
}

output name string = server.name
output fqdn string = server.properties.fullyQualifiedDomainName
output databaseName string = database.name
