// Log Analytics workspace (Key Vault audit events, container logs) and the Container Apps environment that ships
// its containers' stdout there (table ContainerAppConsoleLogs_CL).

@description('Name of the Log Analytics workspace.')
param workspaceName string

@description('Name of the Container Apps environment.')
param environmentName string

@description('Azure region.')
param location string

@description('Tags for the resources.')
param tags object = {}

@description('Days logs are kept.')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

@description('Subnet for the environment (prod). Empty: a Microsoft-managed network.')
param infrastructureSubnetId string = ''

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: environmentName
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: workspace.properties.customerId
        // Passed straight to the environment, never output.
        sharedKey: workspace.listKeys().primarySharedKey
      }
    }
    workloadProfiles: [
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
    ]
    vnetConfiguration: empty(infrastructureSubnetId) ? null : {
      infrastructureSubnetId: infrastructureSubnetId
      internal: false
    }
  }
}

output workspaceId string = workspace.id
output workspaceName string = workspace.name
output environmentId string = environment.id
output environmentName string = environment.name
