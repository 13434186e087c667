// The image the api container app runs now, so that a re-provision does not put the placeholder back. Its own
// module because reading the app where it is deployed would make it depend on itself.

@description('Whether the container app exists.')
param exists bool

@description('Name of the container app.')
param name string

// Until the first `azd deploy` pushes fugue, the app runs Microsoft's quickstart image. It would fail fugue's probes on
// 8080, so main.bicep gives the app no minimum replica until then.
var placeholder = 'mcr.microsoft.com/k8se/quickstart:latest'

resource existingApp 'Microsoft.App/containerApps@2024-03-01' existing = if (exists) {
  name: name
}

output image string = exists ? existingApp!.properties.template.containers[0].image : placeholder
