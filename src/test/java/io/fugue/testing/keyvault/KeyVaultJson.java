package io.fugue.testing.keyvault;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Renders the documented Key Vault 7.x JSON shapes: SecretBundle, SecretItem lists and error bodies. */
final class KeyVaultJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    /** What a vault created today reports: soft delete on, 90 days of retention, purge allowed. */
    private static final String RECOVERY_LEVEL = "Recoverable+Purgeable";
    private static final int RECOVERABLE_DAYS = 90;

    private KeyVaultJson() {
    }

    /** A SecretBundle: {@code withValue} is false for PATCH responses, which carry no value. */
    static ObjectNode bundle(String vaultBaseUrl, SecretVersion secret, boolean withValue) {
        ObjectNode node = MAPPER.createObjectNode();
        if (withValue) {
            node.put("value", secret.value());
        }
        return describe(node, secret, versionedId(vaultBaseUrl, secret));
    }

    /** A SecretItem for list results: the unversioned id for "list secrets", the versioned one for "list versions". */
    static ObjectNode item(String vaultBaseUrl, SecretVersion secret, boolean versioned) {
        String id = versioned ? versionedId(vaultBaseUrl, secret) : vaultBaseUrl + "/secrets/" + secret.name();
        return describe(MAPPER.createObjectNode(), secret, id);
    }

    static ObjectNode page(List<ObjectNode> items, String nextLink) {
        ObjectNode node = MAPPER.createObjectNode();
        ArrayNode values = node.putArray("value");
        items.forEach(values::add);
        if (nextLink == null) {
            node.putNull("nextLink");
        } else {
            node.put("nextLink", nextLink);
        }
        return node;
    }

    /** {@code {"error":{"code":…,"message":…[,"innererror":{"code":…}]}}}. */
    static ObjectNode error(String code, String message, String innerCode) {
        ObjectNode node = MAPPER.createObjectNode();
        ObjectNode error = node.putObject("error");
        error.put("code", code);
        error.put("message", message);
        if (innerCode != null) {
            error.putObject("innererror").put("code", innerCode);
        }
        return node;
    }

    private static ObjectNode describe(ObjectNode node, SecretVersion secret, String id) {
        if (secret.contentType() != null) {
            node.put("contentType", secret.contentType());
        }
        node.put("id", id);
        ObjectNode attributes = node.putObject("attributes");
        attributes.put("enabled", secret.enabled());
        attributes.put("created", secret.created().getEpochSecond());
        attributes.put("updated", secret.updated().getEpochSecond());
        attributes.put("recoveryLevel", RECOVERY_LEVEL);
        attributes.put("recoverableDays", RECOVERABLE_DAYS);
        if (secret.tags() != null) {
            ObjectNode tags = node.putObject("tags");
            secret.tags().forEach(tags::put);
        }
        return node;
    }

    private static String versionedId(String vaultBaseUrl, SecretVersion secret) {
        return vaultBaseUrl + "/secrets/" + secret.name() + "/" + secret.version();
    }
}
