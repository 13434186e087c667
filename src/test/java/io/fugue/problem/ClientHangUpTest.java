package io.fugue.problem;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import io.fugue.support.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A client that hangs up in the middle of its request body (a cancelled upload, a load tool stopping) is no error of
 * fugue's: no ERROR line with a stack trace, no correlation id for an operator to chase. In-process only: it watches
 * the application's logger.
 */
@QuarkusTest
class ClientHangUpTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void aHangUpMidBodyIsNotLoggedAsAnError() throws Exception {
        String session = Api.newSession("hangup");
        List<LogRecord> errors = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    errors.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger("io.fugue.problem");
        logger.addHandler(handler);
        try {
            for (String path : List.of("/api/notes", "/api/accounts", "/api/session")) {
                try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                    OutputStream out = socket.getOutputStream();
                    out.write(("POST " + path + " HTTP/1.1\r\nHost: fugue\r\nContent-Type: application/json\r\n"
                            + "Cookie: " + Api.COOKIE + "=" + session + "\r\nContent-Length: 5000\r\n\r\n{\"title\":\"ab")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Thread.sleep(300); // the application starts reading the body, then the client is gone
                }
            }
            Thread.sleep(1000);
        } finally {
            logger.removeHandler(handler);
        }

        assertTrue(errors.isEmpty(), () -> "logged as errors: " + errors.stream().map(LogRecord::getMessage).toList());
        assertEquals(200, given().cookie(Api.COOKIE, session).get("/api/session").statusCode(),
                "the application carries on");
    }
}
