package io.fugue.support;

import static io.restassured.RestAssured.given;

import java.util.List;

import io.fugue.testing.operations.OperationsPortResource;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Drives the operations hook of the application under test, on its loopback port, the way an operator does with
 * curl: the same for an application in the test JVM and a packaged one.
 */
public final class Operations {

    private Operations() {
    }

    /** The hook's port, chosen by {@link OperationsPortResource} for the running application. */
    public static int port() {
        String port = System.getProperty(OperationsPortResource.PORT_PROPERTY);
        if (port == null) {
            throw new IllegalStateException("No operations port: OperationsPortResource did not start");
        }
        return Integer.parseInt(port);
    }

    /** A request to the hook. */
    public static RequestSpecification request() {
        return given().baseUri("http://127.0.0.1").port(port());
    }

    /** {@code POST /keyvault/refresh}, answer not checked. */
    public static Response refresh() {
        return request().when().post("/keyvault/refresh");
    }

    /** {@code POST /keyvault/refresh}, which must succeed; returns the names of the secrets that changed. */
    public static List<String> refreshChanged() {
        return refresh().then().statusCode(200).extract().jsonPath().getList("changed", String.class);
    }

    /** {@code POST /datasource/flush}, which must succeed. */
    public static void flush() {
        request().when().post("/datasource/flush").then().statusCode(200);
    }
}
