package io.fugue.testing.keyvault;

/**
 * What a vault request asks for, parsed from method and path alone.
 *
 * @param secretName null for "list secrets"
 * @param version null for "latest"
 */
record VaultRoute(Operation operation, String secretName, String version) {

    enum Operation {
        LIST_SECRETS("readMetadata/action"),
        LIST_VERSIONS("readMetadata/action"),
        GET("getSecret/action"),
        SET("setSecret/action"),
        UPDATE("update/action"),
        /** A path that is not part of the secrets API. */
        UNKNOWN(null),
        /** A known path with a method it does not take. */
        METHOD_NOT_ALLOWED(null);

        private final String dataAction;

        Operation(String dataAction) {
            this.dataAction = dataAction;
        }

        /** The RBAC data action Key Vault names in a 403, e.g. {@code Microsoft.KeyVault/vaults/secrets/getSecret/action}. */
        String dataAction() {
            return "Microsoft.KeyVault/vaults/secrets/" + dataAction;
        }
    }

    /** Whether this is an operation RBAC governs, as opposed to a bad path or method. */
    boolean isDataOperation() {
        return operation != Operation.UNKNOWN && operation != Operation.METHOD_NOT_ALLOWED;
    }

    /**
     * Routes {@code /secrets}, {@code /secrets/{name}[/]}, {@code /secrets/{name}/versions} and
     * {@code /secrets/{name}/{version}}. Names are not validated here, so that a bad one gets Key Vault's 400.
     */
    static VaultRoute of(String method, String rawPath) {
        String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        String[] segments = path.split("/", -1);
        if (!segments[0].equals("secrets") || segments.length > 3) {
            return new VaultRoute(Operation.UNKNOWN, null, null);
        }
        if (segments.length == 1 || (segments.length == 2 && segments[1].isEmpty())) {
            return method.equals("GET") ? new VaultRoute(Operation.LIST_SECRETS, null, null) : notAllowed();
        }
        String name = segments[1];
        String third = segments.length == 3 ? segments[2] : "";
        if (third.equals("versions")) {
            return method.equals("GET") ? new VaultRoute(Operation.LIST_VERSIONS, name, null) : notAllowed();
        }
        String version = third.isEmpty() ? null : third;
        return switch (method) {
            case "GET" -> new VaultRoute(Operation.GET, name, version);
            case "PATCH" -> new VaultRoute(Operation.UPDATE, name, version);
            case "PUT" -> version == null ? new VaultRoute(Operation.SET, name, null) : notAllowed();
            default -> notAllowed();
        };
    }

    private static VaultRoute notAllowed() {
        return new VaultRoute(Operation.METHOD_NOT_ALLOWED, null, null);
    }
}
