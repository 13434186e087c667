package io.fugue.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Cleartext HTTP/2 to the application under test, with the JDK's client. */
public final class H2c {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private H2c() {
    }

    /**
     * The shared HTTP/2 client, its connection to {@code base} upgraded first: Java's client upgrades to h2c on a
     * body-less request only, so a request with a body would otherwise go out as HTTP/1.1.
     */
    public static HttpClient to(URI base) throws IOException, InterruptedException {
        HttpResponse<Void> upgrade = CLIENT.send(HttpRequest.newBuilder(base.resolve("/q/health/live")).build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(HttpClient.Version.HTTP_2, upgrade.version(), "the connection was upgraded to HTTP/2");
        return CLIENT;
    }
}
