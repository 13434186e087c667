package io.fugue.testing.keyvault;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** A JSON answer: status, body and any extra headers. */
record ApiResponse(int status, JsonNode body, Map<String, String> headers) {

    static ApiResponse ok(JsonNode body) {
        return new ApiResponse(200, body, Map.of());
    }

    static ApiResponse error(int status, String code, String message) {
        return new ApiResponse(status, KeyVaultJson.error(code, message, null), Map.of());
    }

    static ApiResponse error(int status, String code, String message, String innerCode) {
        return new ApiResponse(status, KeyVaultJson.error(code, message, innerCode), Map.of());
    }

    ApiResponse withHeader(String name, String value) {
        var all = new java.util.HashMap<>(headers);
        all.put(name, value);
        return new ApiResponse(status, body, Map.copyOf(all));
    }
}
