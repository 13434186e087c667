package io.fugue.problem;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import org.junit.jupiter.api.Test;

import io.fugue.support.Api;
import io.fugue.support.LogCapture;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A client that hangs up in the middle of its request body (a cancelled upload, a load tool stopping) is no error of
 * fugue's: no ERROR line with a stack trace, no correlation id for an operator to chase, only a DEBUG line. The test
 * waits for that line per request (the hang-up was handled), then checks nothing worse was logged. In-process only:
 * it watches the application's logger.
 */
@QuarkusTest
class ClientHangUpTest {

    private static final List<String> PATHS = List.of("/api/notes", "/api/accounts", "/api/session");

    @TestHTTPResource("/")
    URI base;

    @Test
    void aHangUpMidBodyIsNotLoggedAsAnError() throws Exception {
        String session = Api.newSession("hangup");
        try (LogCapture problems = LogCapture.of("io.fugue.problem", Level.FINE)) {
            for (String path : PATHS) {
                try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                    OutputStream out = socket.getOutputStream();
                    out.write(("POST " + path + " HTTP/1.1\r\nHost: fugue\r\nContent-Type: application/json\r\n"
                            + "Cookie: " + Api.COOKIE + "=" + session + "\r\nContent-Length: 5000\r\n\r\n{\"title\":\"ab")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Thread.sleep(300); // the application starts reading the body, then the client is gone
                }
            }

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (handled(problems) < PATHS.size() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(PATHS.size(), handled(problems), problems::everything);
            assertEquals(List.of(), problems.messages(Level.SEVERE));
            assertEquals(List.of(), problems.messages(Level.WARNING));
        }
        assertEquals(200, given().cookie(Api.COOKIE, session).get("/api/session").statusCode(),
                "the application carries on");
    }

    private static long handled(LogCapture problems) {
        return PATHS.stream().filter(path -> problems.messages(Level.FINE).contains(
                "The client closed the connection before its request to " + path + " was read")).count();
    }
}
