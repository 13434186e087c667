// The fugue container app. Method 2 (default): the app gets only the vault URL and its identity's client id and
// reads db-username, db-password and session-signing-key itself, following rotations without a restart.
// Method 1 (secretsMethod = 'env'): Container Apps reads the same secrets by keyVaultUrl reference with the same
// identity and passes them as environment variables, which win over the ${kv//…} references (DESIGN.md); a
// rotated value then reaches the app only with a new revision or restart.

@description('Name of the container app (at most 32 characters).')
@maxLength(32)
param name string

@description('Azure region.')
param location string

@description('Tags for the resource; azd-service-name is added.')
param tags object = {}

@description('Resource id of the Container Apps environment.')
param environmentId string

@description('Image to run, e.g. crxyz.azurecr.io/fugue/api-dev:azd-deploy-123.')
param image string

@description('Login server of the registry the image comes from.')
param registryServer string

@description('Resource id of the app\'s user-assigned identity (pulls the image, reads Key Vault).')
param identityId string

@description('Client id of the same identity, given to the app as fugue.keyvault.managed-identity-client-id.')
param identityClientId string

@description('Vault URL with a trailing slash, given to the app as fugue.keyvault.endpoint.')
param keyVaultEndpoint string

@description('JDBC URL of the database (credentials come from the vault).')
param jdbcUrl string

@allowed([
  'keyvault'
  'env'
])
@description('keyvault: Method 2 (the app reads Key Vault). env: Method 1 (Container Apps secrets as environment variables).')
param secretsMethod string = 'keyvault'

@minValue(0)
@maxValue(30)
@description('Replicas kept running.')
param minReplicas int = 1

@minValue(1)
@maxValue(30)
@description('Upper bound for the HTTP scale rule.')
param maxReplicas int = 3

@minValue(1)
@description('Concurrent requests per replica before another replica is added.')
param concurrentRequests int = 50

@minValue(2)
@maxValue(64)
@description('Database connections per replica (quarkus.datasource.jdbc.max-size); Flyway needs two at start. Size it to the server: see main.bicep.')
param databasePoolSize int = 16

@allowed([
  '0.25'
  '0.5'
  '0.75'
  '1.0'
  '1.25'
  '1.5'
  '1.75'
  '2.0'
])
@description('vCPU per replica.')
param cpu string = '0.5'

@description('Memory per replica, twice the vCPU count in Gi (e.g. 1Gi for 0.5).')
param memory string = '1Gi'

// fugue listens on quarkus.http.port (application.properties) and serves SmallRye Health under /q/health.
var port = 8080

// Method 1: Container Apps secrets that are references to the vault, read with the app identity.
var vaultSecretRefs = [
  {
    name: 'db-username'
    keyVaultUrl: '${keyVaultEndpoint}secrets/db-username'
    identity: identityId
  }
  {
    name: 'db-password'
    keyVaultUrl: '${keyVaultEndpoint}secrets/db-password'
    identity: identityId
  }
  {
    name: 'session-signing-key'
    keyVaultUrl: '${keyVaultEndpoint}secrets/session-signing-key'
    identity: identityId
  }
]
var vaultSecretEnv = [
  {
    name: 'QUARKUS_DATASOURCE_USERNAME'
    secretRef: 'db-username'
  }
  {
    name: 'QUARKUS_DATASOURCE_PASSWORD'
    secretRef: 'db-password'
  }
  {
    name: 'FUGUE_SESSION_SIGNING_KEY'
    secretRef: 'session-signing-key'
  }
]
// Both methods: the vault and the identity stay configured, so any other ${kv//…} reference still resolves.
var baseEnv = [
  {
    name: 'FUGUE_KEYVAULT_ENDPOINT'
    value: keyVaultEndpoint
  }
  {
    name: 'FUGUE_KEYVAULT_MANAGED_IDENTITY_CLIENT_ID'
    value: identityClientId
  }
  {
    name: 'QUARKUS_DATASOURCE_JDBC_URL'
    value: jdbcUrl
  }
  {
    name: 'QUARKUS_DATASOURCE_JDBC_MAX_SIZE'
    value: string(databasePoolSize)
  }
]
var method1 = secretsMethod == 'env'

resource app 'Microsoft.App/containerApps@2024-03-01' = {
  name: name
  location: location
  tags: union(tags, {
    'azd-service-name': 'api'
  })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    environmentId: environmentId
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: port
        transport: 'auto'
        allowInsecure: false
      }
      registries: [
        {
          server: registryServer
          identity: identityId
        }
      ]
      secrets: method1 ? vaultSecretRefs : []
    }
    template: {
      containers: [
        {
          name: 'api'
          image: image
          resources: {
            cpu: json(cpu)
            memory: memory
          }
          env: concat(baseEnv, method1 ? vaultSecretEnv : [])
          probes: [
            {
              // Boot resolves every secret within fugue.keyvault.boot-timeout (30 s); allow 2 + 10 x 4 s.
              type: 'Startup'
              httpGet: {
                path: '/q/health/started'
                port: port
              }
              initialDelaySeconds: 2
              periodSeconds: 4
              failureThreshold: 10
              timeoutSeconds: 3
            }
            {
              type: 'Liveness'
              httpGet: {
                path: '/q/health/live'
                port: port
              }
              periodSeconds: 10
              failureThreshold: 3
              timeoutSeconds: 3
            }
            {
              // Covers the database and Key Vault; stays UP on cached secrets during a vault outage.
              type: 'Readiness'
              httpGet: {
                path: '/q/health/ready'
                port: port
              }
              periodSeconds: 5
              failureThreshold: 3
              timeoutSeconds: 3
            }
          ]
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        rules: [
          {
            name: 'http-concurrency'
            http: {
              metadata: {
                concurrentRequests: string(concurrentRequests)
              }
            }
          }
        ]
      }
    }
  }
}

output name string = app.name
output uri string = 'https://${app.properties.configuration.ingress.fqdn}'
