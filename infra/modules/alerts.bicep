// Alerts on the vault's audit log (AzureDiagnostics, Category AuditEvent, sent by the diagnostic setting in
// keyvault.bicep), and on the app's own console log (ContainerAppConsoleLogs_CL) for what never reaches the vault:
// a token the identity endpoint refuses, a vault the app cannot reach. docs/operations.md says what each one means
// and what to do.
//
// The AuditEvent columns of AzureDiagnostics are created when the first event arrives, hence column_ifexists(),
// and the rules skip query validation: a brand-new workspace has no Key Vault events yet.

@description('Prefix of the alert rule names.')
param namePrefix string

@description('Name of the action group.')
param actionGroupName string

@description('Azure region of the alert rules.')
param location string

@description('Tags for the resources.')
param tags object = {}

@description('Resource id of the Log Analytics workspace that holds the audit events.')
param logAnalyticsWorkspaceId string

@description('Resource id of the watched vault.')
param keyVaultId string

@description('Client (application) id of the app identity: its reads are expected.')
param appIdentityClientId string

@description('Object id of the app identity: its reads are expected.')
param appIdentityPrincipalId string

@description('Name of the container app whose console log is watched.')
param appName string

@description('E-mail receiver of the alerts. Empty: no receiver.')
param alertEmail string = ''

// Expressions shared by the queries. {0} = vault resource id, {1} = app client id, {2} = app object id.
var failedReadsQuery = format('''AzureDiagnostics
| where ResourceProvider == "MICROSOFT.KEYVAULT" and Category == "AuditEvent" and _ResourceId =~ "{0}"
| where OperationName in ("SecretGet", "SecretList", "SecretListVersions")
| extend Status = toint(column_ifexists("httpStatusCode_d", real(null))), CallerAppId = tostring(column_ifexists("identity_claim_appid_g", ""))
| where Status == 403 and CallerAppId =~ "{1}"
| project TimeGenerated, OperationName, Status, ResultDescription, Secret = tostring(column_ifexists("id_s", "")), CallerIPAddress''', keyVaultId, appIdentityClientId, appIdentityPrincipalId)

var unexpectedReaderQuery = format('''AzureDiagnostics
| where ResourceProvider == "MICROSOFT.KEYVAULT" and Category == "AuditEvent" and _ResourceId =~ "{0}"
| where OperationName == "SecretGet" and toint(column_ifexists("httpStatusCode_d", real(null))) == 200
| extend CallerObjectId = coalesce(tostring(column_ifexists("identity_claim_oid_g", "")), tostring(column_ifexists("identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g", ""))), CallerAppId = tostring(column_ifexists("identity_claim_appid_g", ""))
| where not(CallerObjectId =~ "{2}" or CallerAppId =~ "{1}")
| extend Caller = coalesce(tostring(column_ifexists("identity_claim_upn_s", "")), CallerObjectId, CallerAppId, CallerIPAddress)
| project TimeGenerated, Caller, CallerIPAddress, Secret = tostring(column_ifexists("id_s", "")), Client = tostring(column_ifexists("clientInfo_s", ""))''', keyVaultId, appIdentityClientId, appIdentityPrincipalId)

var throttledQuery = format('''AzureDiagnostics
| where ResourceProvider == "MICROSOFT.KEYVAULT" and Category == "AuditEvent" and _ResourceId =~ "{0}"
| where toint(column_ifexists("httpStatusCode_d", real(null))) == 429
| project TimeGenerated, OperationName, CallerAppId = tostring(column_ifexists("identity_claim_appid_g", "")), CallerIPAddress''', keyVaultId, appIdentityClientId, appIdentityPrincipalId)

// A failed boot prints plain text (it fails before JSON logging is set up), so the message is the raw line there;
// a running replica logs JSON. One WARN starts each streak of failed refreshes; an Error that stops one is an ERROR.
var appKeyVaultFailuresQuery = format('''ContainerAppConsoleLogs_CL
| where ContainerAppName_s == "{0}"
| extend Entry = parse_json(Log_s)
| extend Message = iff(isnotempty(Entry.message), tostring(Entry.message), Log_s)
| where Message contains "Key Vault secret reference(s) could not be resolved" or Message startswith "Key Vault refresh failed (" or Message startswith "Key Vault refresh stopped by "
| project TimeGenerated, RevisionName_s, ContainerGroupName_s, Message''', appName)

var rules = [
  {
    key: 'kv-failed-reads'
    displayName: 'fugue: Key Vault refused the app identity (403)'
    description: 'The vault refused the app identity a secret read (403): its role assignment was removed, the vault firewall blocks it, or the secret is disabled; ResultDescription says which. New replicas will fail to boot.'
    severity: 1
    query: failedReadsQuery
    dimensions: []
  }
  {
    key: 'kv-unexpected-reader'
    displayName: 'fugue: a secret was read by someone other than the app'
    description: 'A principal other than the app identity read a secret value (SecretGet). Expected right after azd provision (the operator reads db-password); otherwise investigate.'
    severity: 1
    query: unexpectedReaderQuery
    dimensions: [
      {
        name: 'Caller'
        operator: 'Include'
        values: [
          '*'
        ]
      }
    ]
  }
  {
    key: 'app-keyvault-failing'
    displayName: 'fugue: the app cannot resolve or refresh its Key Vault secrets'
    description: 'A replica failed to boot on its Key Vault references, or a refresh failed (one line per streak of failures). Covers what the vault never sees: a token the identity endpoint refused (wrong client id), a vault that is unreachable (DNS, firewall, private endpoint). Running replicas keep their cached secrets.'
    severity: 1
    query: appKeyVaultFailuresQuery
    dimensions: []
  }
  {
    key: 'kv-throttled'
    displayName: 'fugue: Key Vault is throttling requests (429)'
    description: 'The vault answered 429 Too Many Requests. fugue caches secrets, so this points at a refresh loop, a crash loop of many replicas, or another client sharing the vault.'
    severity: 2
    query: throttledQuery
    dimensions: []
  }
]

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: actionGroupName
  location: 'Global'
  tags: tags
  properties: {
    groupShortName: 'fugue-kv'
    enabled: true
    emailReceivers: empty(alertEmail) ? [] : [
      {
        name: 'operations'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

resource alertRules 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [for rule in rules: {
  name: '${namePrefix}-${rule.key}'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: rule.displayName
    description: rule.description
    severity: rule.severity
    enabled: true
    scopes: [
      logAnalyticsWorkspaceId
    ]
    // Audit events reach the workspace minutes late: look back 15 minutes every 5.
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    autoMitigate: true
    skipQueryValidation: true
    criteria: {
      allOf: [
        {
          query: rule.query
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          dimensions: rule.dimensions
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: [
        actionGroup.id
      ]
    }
  }
}]

output actionGroupId string = actionGroup.id
