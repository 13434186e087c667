package io.fugue.support;

import java.util.concurrent.ThreadLocalRandom;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * A client behind a trusted proxy: every request says {@code X-Forwarded-For: <spoofed>, <address>}, as an appending
 * proxy forwards a request whose client sent its own header. Only the right-most entry may count; the left-most one
 * changes on every request, so a limit keyed on it would never trigger. Header values only: no traffic goes anywhere.
 */
public final class ForwardedClient {

    private final String address;

    private ForwardedClient(String address) {
        this.address = address;
    }

    /** A client of its own: a random /64 of the IPv6 documentation prefix. */
    public static ForwardedClient random() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new ForwardedClient(String.format("2001:db8:%x:%x::1", random.nextInt(0x10000), random.nextInt(0x10000)));
    }

    /** Another host of the same /64, which counts as the same client. */
    public ForwardedClient sameSubnet() {
        return new ForwardedClient(address.replace("::1", "::beef"));
    }

    public RequestSpecification given() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String spoofed = "192.0.2." + random.nextInt(1, 255);
        return io.restassured.RestAssured.given().header("X-Forwarded-For", spoofed + ", " + address);
    }

    /** Registers an account with {@link Api#PASSWORD} from this client and returns its id. */
    public String register(String username) {
        return given().contentType(ContentType.JSON).body(new Api.Credentials(username, Api.PASSWORD))
                .when().post("/api/accounts")
                .then().statusCode(201)
                .extract().path("id");
    }

    public Response login(String username, String password) {
        return given().contentType(ContentType.JSON).body(new Api.Credentials(username, password))
                .when().post("/api/session");
    }

    @Override
    public String toString() {
        return address;
    }
}
