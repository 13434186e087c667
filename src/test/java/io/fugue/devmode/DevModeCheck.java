package io.fugue.devmode;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The checks of {@code scripts/dev-mode-check.sh}, which starts the Key Vault emulator and {@code ./mvnw quarkus:dev}
 * with the README's "against a real development vault" settings and calls this with the application's URL:
 * <ol>
 * <li>the database password and the session signing key came from the vault: an account can sign up, log in and
 * read its session;</li>
 * <li>the Dev UI's configuration page works (its JSON-RPC methods answer, values of ordinary properties shown) and
 * shows a property that holds a Key Vault secret as hidden;</li>
 * <li>no value the emulator stores appears in those answers or in the dev-mode log.</li>
 * </ol>
 * Prints one line per check and exits non-zero on the first failure.
 */
public final class DevModeCheck {

    /** Properties the script sets to {@code ${kv//…}} references. */
    private static final List<String> SECRET_PROPERTIES = List.of("quarkus.datasource.password",
            "fugue.session.signing-key");
    /** A property with a plain value (the "local" profile's database user): the page must show it. */
    private static final String PLAIN_PROPERTY = "quarkus.datasource.username";
    /** Shorter stored values (the development database's "fugue") are words of the log, not secrets to look for. */
    private static final int MIN_SCANNED_LENGTH = 8;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI app;
    private final URI control;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .connectTimeout(Duration.ofSeconds(5)).build();

    private DevModeCheck(URI app, URI control, Path log) {
        this.app = app;
        this.control = control;
        this.log = log;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: DevModeCheck <app base URL> <emulator control URL> <dev-mode log file>");
            System.exit(2);
        }
        try {
            new DevModeCheck(URI.create(args[0]), URI.create(args[1]), Path.of(args[2])).run();
        } catch (CheckFailed e) {
            System.err.println("FAILED: " + e.getMessage());
            System.exit(1);
        }
    }

    private void run() throws Exception {
        List<String> storedValues = storedValues();

        String username = "dev-" + UUID.randomUUID().toString().substring(0, 8);
        String credentials = JSON.writeValueAsString(Map.of("username", username, "password", "dev-mode-check-pw"));
        expect(201, post("/api/accounts", credentials), "sign-up (the database password came from the vault)");
        expect(204, post("/api/session", credentials), "login (sessions signed with the vault's key)");
        HttpResponse<String> session = send(HttpRequest.newBuilder(app.resolve("/api/session")).GET());
        expect(200, session, "session read back");
        check(JSON.readTree(session.body()).path("username").asText().equals(username), "session names " + username);
        pass("the app runs on the vault's database password and session key");

        JsonNode values = devUi("devui-configuration_getAllValues");
        check(values.isObject(), "getAllValues answers an object: " + abbreviate(values));
        check(values.path(PLAIN_PROPERTY).isTextual(), "the page shows " + PLAIN_PROPERTY + "'s value");
        for (String property : SECRET_PROPERTIES) {
            // Never print what the page shows instead: it would be the secret.
            check(values.path(property).asText().contains("hidden"), "the page shows " + property + " as hidden");
        }
        JsonNode descriptions = devUi("devui-configuration_getAllConfiguration");
        check(descriptions.isArray() && descriptions.size() > 0, "getAllConfiguration answers the property list");
        int listed = 0;
        for (JsonNode description : descriptions) {
            if (SECRET_PROPERTIES.contains(description.path("name").asText())) {
                listed++;
                check(description.path("configValue").path("value").asText().contains("hidden"),
                        "the property list shows " + description.path("name").asText() + " as hidden");
            }
        }
        check(listed > 0, "the property list has a Key Vault backed property");
        pass("the Dev UI's configuration page works and shows Key Vault secrets as hidden");

        String answers = values.toString() + descriptions;
        String devLog = Files.readString(log, StandardCharsets.UTF_8);
        int scanned = 0;
        for (String value : storedValues) {
            if (value.length() >= MIN_SCANNED_LENGTH) {
                scanned++;
                check(!answers.contains(value), "a stored secret value is in the Dev UI's answers");
                check(!devLog.contains(value), "a stored secret value is in the dev-mode log " + log);
            }
        }
        check(scanned > 0, "at least one stored value long enough to look for");
        pass("no stored value (" + scanned + " searched) in the Dev UI's answers or the dev-mode log");
    }

    private List<String> storedValues() throws IOException, InterruptedException {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(control.resolve("/seeded-values")).GET());
        expect(200, answer, "the emulator's stored values");
        return answer.body().lines().filter(line -> !line.isBlank())
                .map(line -> new String(Base64.getDecoder().decode(line), StandardCharsets.UTF_8))
                .collect(Collectors.toList());
    }

    private HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(app.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One JSON-RPC call over the Dev UI's WebSocket; the method's result object, or a failure with the error. */
    private JsonNode devUi(String method) throws Exception {
        URI endpoint = URI.create("ws://" + app.getAuthority() + "/q/dev-ui/json-rpc-ws");
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        WebSocket socket = http.newWebSocketBuilder().buildAsync(endpoint, new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    try {
                        JsonNode message = JSON.readTree(text.toString());
                        if (message.path("id").asInt() == 1) {
                            answer.complete(message);
                        }
                    } catch (IOException e) {
                        answer.completeExceptionally(e);
                    }
                    text.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                answer.completeExceptionally(error);
            }
        }).get(10, TimeUnit.SECONDS);
        try {
            socket.sendText(JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 1, "method", method,
                    "params", Map.of())), true).get(10, TimeUnit.SECONDS);
            JsonNode message = answer.get(60, TimeUnit.SECONDS);
            check(!message.has("error"), method + " failed: " + message.path("error"));
            JsonNode result = message.path("result");
            // Dev UI wraps a result as {messageType, object}.
            return result.has("object") ? result.get("object") : result;
        } finally {
            socket.abort();
        }
    }

    private static void expect(int status, HttpResponse<String> response, String what) {
        check(response.statusCode() == status,
                what + ": expected HTTP " + status + ", got " + response.statusCode() + " " + response.body());
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new CheckFailed(what);
        }
    }

    private static void pass(String what) {
        System.out.println("ok: " + what);
    }

    private static String abbreviate(JsonNode node) {
        String text = node.toString();
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    private static final class CheckFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CheckFailed(String message) {
            super(message);
        }
    }
}
