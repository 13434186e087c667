package io.fugue.problem;

import static io.fugue.problem.FuzzCase.Expect.ACCEPT;
import static io.fugue.problem.FuzzCase.Expect.ANY;
import static io.fugue.problem.FuzzCase.Expect.REJECT;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import io.fugue.problem.FuzzCase.Expect;
import io.fugue.support.Api;
import io.fugue.problem.FuzzCase.Transport;

/**
 * The fuzz's generator: case {@code i} of seed {@code s} depends on nothing else, so a failing case replays alone.
 * Hand-written rather than jqwik: jqwik runs properties on its own engine, which does not start a {@code @QuarkusTest}
 * application, and its shrinking works only there; what is left, random choices among attack shapes, is this class.
 */
final class HostileRequests {

    static final String SMUGGLED_TITLE = "smuggled";

    private static final List<String> BODY_ENDPOINTS = List.of("POST /api/accounts", "POST /api/session",
            "POST /api/notes", "PUT /api/notes/{own}");
    private static final String USERNAME_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-";
    /** JSON values of every type but string, for fields that must be strings. */
    private static final List<String> WRONG_TYPES = List.of("0", "-1", "123", "1.5", "-0.0", "1e309", "-1e309",
            "1E-400", "123456789012345678901234567890123456789", "9223372036854775808", "true", "false", "null", "[]",
            "[\"x\"]", "{}", "{\"title\":\"x\"}", "[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]");
    private static final List<String> BOGUS_CONTENT_TYPES = List.of("text/plain", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x", "application/xml", "application/json-patch+json", "a/b/c", ";;;",
            "application/problem+json", "application/json; charset=utf-16", "application/json; charset=nope",
            "text/json; q=abc");

    private final long seed;
    private final String fixtureUsername;
    private final String decoyUsername;

    HostileRequests(long seed, String fixtureUsername, String decoyUsername) {
        this.seed = seed;
        this.fixtureUsername = fixtureUsername;
        this.decoyUsername = decoyUsername;
    }

    /** Case {@code index}: its own random stream, split from the seed. */
    FuzzCase generate(int index) {
        SplittableRandom random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (index + 1)));
        int kind = random.nextInt(100);
        if (kind < 45) {
            return jsonBody(random);
        } else if (kind < 57) {
            return query(random);
        } else if (kind < 72) {
            return pathId(random);
        } else if (kind < 86) {
            return rawHeaders(random, index);
        } else {
            return rawFraming(random, index);
        }
    }

    // ---- JSON bodies ------------------------------------------------------------------------------------------

    private FuzzCase jsonBody(SplittableRandom random) {
        String[] endpoint = pick(random, BODY_ENDPOINTS).split(" ");
        Transport transport = random.nextBoolean() ? Transport.HTTP_1_1 : Transport.HTTP_2;
        Map<String, String> valid = validFields(random, endpoint[1]);
        int mode = random.nextInt(100);
        String name;
        byte[] body;
        Expect expect;
        Map<String, String> sent = null;
        if (mode < 25) {
            name = "valid object";
            body = utf8(object(valid, random));
            sent = valid;
            expect = endpoint[1].equals("/api/session") && !valid.get("password").equals(Api.PASSWORD)
                    ? REJECT : ACCEPT;
            if (endpoint[1].equals("/api/accounts") && valid.get("username").length() < 16) {
                expect = ANY; // a short name may be taken by an earlier run: 409 is right then
            }
            if (body.length > 128 * 1024) { // max-body-size, which valid content alone cannot pass
                expect = ANY;
            }
        } else if (mode < 65) {
            name = "invalid: ";
            expect = REJECT;
            int how = random.nextInt(4);
            if (how == 0) {
                String field = pick(random, List.copyOf(valid.keySet()));
                String wrong = random.nextInt(10) == 0 ? "[".repeat(3_000) + "]".repeat(3_000) : pick(random, WRONG_TYPES);
                name += field + " = " + abbreviate(wrong);
                body = utf8(replaceField(valid, field, wrong, random));
            } else if (how == 1) {
                String field = pick(random, List.copyOf(valid.keySet()));
                Map<String, String> without = new LinkedHashMap<>(valid);
                without.remove(field);
                name += "no " + field;
                body = utf8(object(without, random));
            } else if (how == 2) {
                Map<String, String> bad = new LinkedHashMap<>(valid);
                String field = pick(random, List.copyOf(valid.keySet()));
                String value = invalidText(random, endpoint[1], field);
                if (value == null) {
                    name += "wrong type for " + field;
                    body = utf8(replaceField(valid, field, pick(random, WRONG_TYPES), random));
                } else {
                    bad.put(field, value);
                    name += "bad " + field + " (" + value.length() + " chars)";
                    body = utf8(object(bad, random));
                }
            } else {
                byte[][] document = brokenDocument(random, object(valid, random));
                name += new String(document[0], StandardCharsets.UTF_8);
                body = document[1];
            }
        } else {
            name = "random shape";
            expect = ANY;
            Map<String, String> strings = new LinkedHashMap<>();
            String text = random.nextInt(5) == 0 ? randomValue(random, 0) : randomObject(random, 0, strings);
            body = utf8(text);
            sent = strings;
        }
        List<String> headers = new ArrayList<>();
        if (expect != ACCEPT && random.nextInt(8) == 0) {
            String type = random.nextInt(6) == 0 ? null : pick(random, BOGUS_CONTENT_TYPES);
            name += ", Content-Type " + type;
            if (type != null) {
                headers.add("Content-Type: " + type);
            }
            expect = expect == REJECT ? REJECT : ANY;
        } else {
            headers.add("Content-Type: " + (random.nextInt(5) == 0 ? "application/json; charset=UTF-8" : "application/json"));
        }
        return new FuzzCase(name, transport, endpoint[0], endpoint[1], headers, body, expect, sent);
    }

    private Map<String, String> validFields(SplittableRandom random, String path) {
        Map<String, String> fields = new LinkedHashMap<>();
        switch (path) {
            case "/api/accounts" -> {
                fields.put("username", username(random, 3 + random.nextInt(62)));
                fields.put("password", atLeastTwelveCharacters(random.nextInt(4) == 0
                        ? pairedSurrogatesOnly(anyText(random, 12 + random.nextInt(1013)))
                        : HostileText.storable(random, 12 + random.nextInt(random.nextBoolean() ? 40 : 1013))));
            }
            case "/api/session" -> {
                // An existing account half the time: the fixture with its password, or the decoy with a wrong one.
                // Wrong passwords for the fixture would count towards its lockout (5 per username) and lock a long
                // run out of its own account; the decoy's lockout is a refusal like any other.
                boolean known = random.nextBoolean();
                String other = known ? null : username(random, 3 + random.nextInt(62));
                boolean right = known && random.nextBoolean();
                fields.put("username", !known ? other : right ? fixtureUsername : decoyUsername);
                fields.put("password", right ? Api.PASSWORD : HostileText.storable(random, random.nextInt(100)));
            }
            default -> {
                fields.put("title", HostileText.storable(random, Math.max(1, HostileText.length(random, 200))));
                fields.put("body", HostileText.storable(random, HostileText.length(random, 10_000)));
            }
        }
        return fields;
    }

    /** Text the field must refuse, or {@code null} when every text is acceptable there. */
    private static String invalidText(SplittableRandom random, String path, String field) {
        String nul = "a\u0000b";
        String lone = pick(random, List.of("\ud800", "x\udc00", "\udfff\ud800", "\ud83d"));
        return switch (path + " " + field) {
            case "/api/accounts username" -> pick(random, List.of("ab", "a".repeat(65), "white space", "émile",
                    "\ud83d\ude00\ud83d\ude00", "x'--", "../..", "a/b", nul, lone, ""));
            // An unpaired surrogate has no UTF-8 form: hashed as '?', different passwords would match.
            case "/api/accounts password" -> pick(random, List.of("short", "a".repeat(11), "p".repeat(1025), "",
                    lone.repeat(12)));
            case "/api/session username" -> pick(random, List.of("a".repeat(65), nul, lone));
            case "/api/session password" -> "p".repeat(1025);
            // Lengths count characters (code points): 201 emoji are too many, 101 (202 UTF-16 units) are not.
            case "/api/notes title", "/api/notes/{own} title" -> pick(random, List.of("", "t".repeat(201), nul, lone,
                    "\ud83d\ude00".repeat(201)));
            case "/api/notes body", "/api/notes/{own} body" -> pick(random, List.of("b".repeat(10_001), nul, lone));
            default -> null;
        };
    }

    /** Whole documents no endpoint may accept: a description and the bytes. */
    private static byte[][] brokenDocument(SplittableRandom random, String valid) {
        int cut = 1 + random.nextInt(Math.max(1, valid.length() - 1));
        int quote = valid.indexOf("\":\"") + 3;
        List<Object[]> shapes = List.of(
                new Object[] { "array at the top", "[" + valid + "]" },
                new Object[] { "string at the top", "\"" + valid.replace("\"", "'") + "\"" },
                new Object[] { "number at the top", "1e999999" },
                new Object[] { "null at the top", "null" },
                new Object[] { "empty body", "" },
                new Object[] { "whitespace only", " \t\r\n" },
                new Object[] { "truncated", valid.substring(0, cut) },
                new Object[] { "trailing garbage", valid + " {}" },
                new Object[] { "comment", "/* c */" + valid },
                new Object[] { "single quotes", valid.replace('"', '\'') },
                new Object[] { "NaN", "{\"title\":NaN,\"body\":NaN,\"username\":NaN,\"password\":NaN}" },
                new Object[] { "invalid escape", valid.substring(0, quote) + "\\x41" + valid.substring(quote) },
                new Object[] { "short unicode escape", valid.substring(0, quote) + "\\u12g4" + valid.substring(quote) },
                new Object[] { "raw control character", valid.substring(0, quote) + "\u0001" + valid.substring(quote) },
                new Object[] { "deep nesting", "{\"title\":" + "{\"a\":".repeat(3_000) + "1" + "}".repeat(3_001) },
                new Object[] { "deep arrays", "[".repeat(5_000) + "]".repeat(5_000) });
        Object[] shape = shapes.get(random.nextInt(shapes.size() + 1) % shapes.size());
        if (random.nextInt(shapes.size() + 1) == 0) {
            // Bytes that are not UTF-8 inside a string: lone continuation, CESU surrogate, truncated, 5-byte form,
            // and overlong forms of '/' (which Jackson alone would decode; io.fugue.web.StrictUtf8Bodies refuses them).
            byte[][] bad = { { (byte) 0xff }, { (byte) 0xed, (byte) 0xa0, (byte) 0x80 },
                    { (byte) 0xe2, (byte) 0x82 }, { (byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80 },
                    { (byte) 0xc0, (byte) 0xaf }, { (byte) 0xe0, (byte) 0x80, (byte) 0xaf } };
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.writeBytes(utf8(valid.substring(0, quote)));
            bytes.writeBytes(bad[random.nextInt(bad.length)]);
            bytes.writeBytes(utf8(valid.substring(quote)));
            return new byte[][] { utf8("invalid UTF-8"), bytes.toByteArray() };
        }
        return new byte[][] { utf8((String) shape[0]), utf8((String) shape[1]) };
    }

    private static String object(Map<String, String> fields, SplittableRandom random) {
        StringBuilder json = new StringBuilder("{");
        fields.forEach((key, value) -> json.append(json.length() > 1 ? "," : "").append(ws(random))
                .append(HostileText.json(key, random)).append(ws(random)).append(':').append(ws(random))
                .append(HostileText.json(value, random)));
        return json.append(ws(random)).append('}').toString();
    }

    private static String replaceField(Map<String, String> fields, String field, String rawValue,
            SplittableRandom random) {
        StringBuilder json = new StringBuilder("{");
        fields.forEach((key, value) -> json.append(json.length() > 1 ? "," : "").append(HostileText.json(key, random))
                .append(':').append(key.equals(field) ? rawValue : HostileText.json(value, random)));
        return json.append('}').toString();
    }

    /** An object of random members; string members whose name an endpoint reads are recorded in {@code strings}. */
    private static String randomObject(SplittableRandom random, int depth, Map<String, String> strings) {
        List<String> names = List.of("title", "body", "username", "password", "id", "ownerId", "createdAt", "__proto__",
                "constructor", "$where", "", "TITLE", "title\u0000", "ti\u0074le");
        StringBuilder json = new StringBuilder("{");
        int members = random.nextInt(depth == 0 ? 6 : 3);
        List<String> used = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            String name = random.nextInt(4) == 0 ? HostileText.storable(random, random.nextInt(10)) : pick(random, names);
            if (used.contains(name)) {
                continue; // duplicate members: Jackson keeps the last, which would make "sent" ambiguous
            }
            used.add(name);
            String value;
            if (random.nextInt(3) == 0) {
                String text = randomText(random);
                value = HostileText.json(text, random);
                if (strings != null) {
                    strings.put(name, text);
                }
            } else {
                value = randomValue(random, depth + 1);
            }
            json.append(json.length() > 1 ? "," : "").append(HostileText.json(name, random)).append(':').append(value);
        }
        return json.append('}').toString();
    }

    private static String randomText(SplittableRandom random) {
        return random.nextInt(4) == 0 ? anyText(random, HostileText.length(random, 300))
                : HostileText.storable(random, HostileText.length(random, random.nextInt(8) == 0 ? 12_000 : 250));
    }

    private static String randomValue(SplittableRandom random, int depth) {
        int pick = random.nextInt(depth > 4 ? 6 : 9);
        switch (pick) {
            case 0, 1, 2 -> {
                return HostileText.json(randomText(random), random);
            }
            case 3 -> {
                return pick(random, WRONG_TYPES);
            }
            case 4 -> {
                return random.nextBoolean() ? String.valueOf(random.nextLong()) : String.valueOf(random.nextDouble() * 1e300);
            }
            case 5 -> {
                return pick(random, List.of("true", "false", "null"));
            }
            case 6, 7 -> {
                return randomObject(random, depth, null);
            }
            default -> {
                StringBuilder array = new StringBuilder("[");
                int items = random.nextInt(4);
                for (int i = 0; i < items; i++) {
                    array.append(i > 0 ? "," : "").append(randomValue(random, depth + 1));
                }
                return array.append(']').toString();
            }
        }
    }

    // ---- query strings and ids --------------------------------------------------------------------------------

    private static FuzzCase query(SplittableRandom random) {
        List<String> limits = List.of("0", "101", "-1", "+5", " 5", "5 ", "05", "1e2", "0x10", "1.0", "", "NaN",
                "99999999999999999999", "\u0000", "\uff15", "\u0663", "' OR 1=1 --", "5;DROP TABLE notes", "ten");
        List<String> cursors = List.of("", "x", "AAAA", "=", "%", "A".repeat(65), "' OR 1=1 --", "..%2f..%2f",
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "////////////////////////////////",
                "_____________________________________________w", "\ud800", "\u0000", "eyJhbGciOiJub25lIn0");
        StringBuilder query = new StringBuilder();
        Expect expect;
        boolean validLimit = random.nextInt(3) == 0;
        String limit = validLimit ? String.valueOf(1 + random.nextInt(100)) : pick(random, limits);
        boolean withLimit = validLimit || random.nextInt(5) != 0;
        if (withLimit) {
            query.append("limit=").append(encode(limit));
        }
        boolean withCursor = random.nextInt(3) == 0;
        if (withCursor) {
            String cursor = random.nextBoolean() ? pick(random, cursors) : HostileText.storable(random, random.nextInt(80));
            query.append(query.length() > 0 ? "&" : "").append("cursor=").append(encode(cursor));
        }
        if (random.nextInt(6) == 0) {
            query.append(query.length() > 0 ? "&" : "").append(pick(random, List.of("limit=abc", "limit=7", "x=1",
                    "cursor", "limit", "&&&", "=", encode("\ud83d\ude00") + "=" + encode("\u202e"))));
            expect = ANY;
        } else if (withCursor) {
            expect = ANY; // random text is almost never a cursor, but may be
        } else {
            expect = withLimit && !validLimit ? REJECT : ACCEPT;
        }
        Transport transport = random.nextBoolean() ? Transport.HTTP_1_1 : Transport.HTTP_2;
        return new FuzzCase("query " + abbreviate(query.toString()), transport, "GET", "/api/notes?" + query,
                List.of(), new byte[0], expect, null);
    }

    private static FuzzCase pathId(SplittableRandom random) {
        String method = pick(random, List.of("GET", "PUT", "DELETE"));
        List<String> hostile = List.of("..", "../accounts", "../../q/health/ready", "../../q/metrics", "../../q/openapi",
                "..%2F..%2Fapi%2Faccounts", "%2e%2e%2f%2e%2e%2fq%2fhealth", "%2e%2e", "%00", "%2F", "%ff%fe", "%c0%af",
                encode("' OR '1'='1"), encode("1; DROP TABLE notes"), encode("\u202e\ud83d\ude00"), "*", ";x=y", "%20",
                "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "1-1-1-1-1",
                "{other}", "{other}%00", "{other}/..", "{OTHER}", UUID.randomUUID().toString(), "null", "undefined");
        String id;
        Expect expect = REJECT;
        int mode = random.nextInt(10);
        if (mode < 6) {
            id = pick(random, hostile);
            if (id.contains("..") || id.equals(";x=y")) {
                expect = ANY; // normalised to another resource, or a matrix parameter: no claim about the status
            }
        } else if (mode < 8) {
            id = random.nextBoolean() ? "a".repeat(100 + random.nextInt(3_500))
                    : encode(HostileText.storable(random, 1 + random.nextInt(400)));
        } else if (!method.equals("DELETE")) {
            id = pick(random, List.of("{own}", "{OWN}", "{own}%00", "{own}%2F", "{own}.json", "{own};x=y", "{own}/..",
                    "%20{own}"));
            expect = id.equals("{own}") || id.equals("{OWN}") ? ACCEPT : ANY;
        } else {
            id = "{other}";
        }
        Map<String, String> sent = null;
        byte[] body = new byte[0];
        List<String> headers = new ArrayList<>();
        if (method.equals("PUT")) {
            sent = new LinkedHashMap<>();
            sent.put("title", HostileText.storable(random, 1 + random.nextInt(50)));
            sent.put("body", HostileText.storable(random, random.nextInt(200)));
            body = utf8(object(sent, random));
            headers.add("Content-Type: application/json");
        }
        Transport transport = random.nextBoolean() ? Transport.HTTP_1_1 : Transport.HTTP_2;
        return new FuzzCase(method + " id " + abbreviate(id), transport, method, "/api/notes/" + id, headers, body,
                expect, sent);
    }

    // ---- raw HTTP/1.1 -----------------------------------------------------------------------------------------

    /** Request lines and headers no client library sends: injection attempts, bad bytes, odd hosts. */
    private static FuzzCase rawHeaders(SplittableRandom random, int index) {
        List<String> targets = List.of("GET /api/session", "GET /api/notes", "GET /api/notes/{own}", "POST /api/notes",
                "DELETE /api/session");
        String[] target = pick(random, targets).split(" ");
        List<String> requestLines = List.of(
                target[0] + " " + target[1] + " HTTP/1.1",
                target[0] + " /api/notes/\u00ff\u00fe HTTP/1.1",
                target[0] + " /api/notes?cursor=\u00c3( HTTP/1.1",
                target[0] + " /api/notes/%zz HTTP/1.1",
                target[0] + " /api/notes?limit=% HTTP/1.1",
                target[0] + " /api/notes?limit=%G1 HTTP/1.1",
                target[0] + " /api/notes/%u0041 HTTP/1.1",
                target[0] + " /api/notes/a b HTTP/1.1",
                target[0] + " /api/notes/\u0000 HTTP/1.1",
                target[0] + "  " + target[1] + " HTTP/1.1",
                target[0] + " " + target[1] + " HTTP/1.0",
                target[0] + " " + target[1] + " HTTP/9.9",
                target[0] + " http://evil.invalid" + target[1] + " HTTP/1.1",
                target[0] + " " + target[1] + "#fragment HTTP/1.1",
                "OPTIONS * HTTP/1.1",
                "BREW " + target[1] + " HTTP/1.1",
                target[0].toLowerCase() + " " + target[1] + " HTTP/1.1",
                "TRACE " + target[1] + " HTTP/1.1");
        List<String> injections = List.of(
                "X-Note: a\rInjected: 1", "X-Note: a\nInjected: 1", "X-Note: a\u0000b", "X-Note: a", "  folded: line",
                "NoColonHeader", "Content-Type : application/json", "X Y: z", "Cookie: fugue_session=forged",
                "Cookie: fugue_session={cookie}; fugue_session=forged", "Cookie: " + "a=b; ".repeat(200),
                "Host: ZAP%n%s%n%s%n%s%n%s", "Host: [::1", "Host: localhost:99999", "Host: a@b", "Host: a b",
                "Host: ", "X-Forwarded-Host: evil.invalid", "X-Forwarded-For: ' OR 1=1", "Forwarded: for=\"[",
                "X-Forwarded-Proto: gopher", "Accept: */*;q=abc", "Accept: image/png", "Accept-Charset: utf-1024",
                "Accept-Encoding: gzip;q=nan", "Expect: 42-tea", "Upgrade: h2c\r\nHTTP2-Settings: !!!",
                "Upgrade: websocket", "Content-Type: application/json\r\nContent-Type: text/plain",
                "Authorization: Bearer ' OR 1=1", "Range: bytes=-1-", "If-None-Match: \u00ff", "X-\u00ff: \u00fe");
        String requestLine = random.nextInt(3) == 0 ? pick(random, requestLines) : requestLines.get(0);
        List<String> lines = new ArrayList<>(List.of(requestLine));
        boolean hostInjected = false;
        int count = 1 + random.nextInt(3);
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String injection = pick(random, injections);
            chosen.add(injection);
            hostInjected |= injection.startsWith("Host:");
        }
        if (!hostInjected || random.nextBoolean()) {
            lines.add("Host: {host}");
        }
        if (chosen.stream().noneMatch(line -> line.startsWith("Cookie"))) {
            lines.add("Cookie: fugue_session={cookie}");
        }
        lines.addAll(chosen);
        byte[] body = new byte[0];
        if (target[0].equals("POST")) {
            body = utf8("{\"title\":\"raw " + index + "\",\"body\":\"b\"}");
            if (chosen.stream().noneMatch(line -> line.startsWith("Content-Type"))) {
                lines.add("Content-Type: application/json");
            }
            lines.add("Content-Length: " + body.length);
        }
        lines.add("Connection: close");
        return new FuzzCase("raw " + abbreviate(requestLine + " + " + String.join(" + ", chosen)), Transport.RAW,
                target[0], target[1], lines, body, ANY, null);
    }

    /** Contradictory framing: a second request hidden in the first one's body must never run unanswered. */
    private static FuzzCase rawFraming(SplittableRandom random, int index) {
        byte[] hidden = utf8("{\"title\":\"" + SMUGGLED_TITLE + "\",\"body\":\"" + index + "\"}");
        String smuggled = "POST /api/notes HTTP/1.1\r\nHost: {host}\r\nCookie: fugue_session={cookie}\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + hidden.length + "\r\n\r\n"
                + new String(hidden, StandardCharsets.ISO_8859_1);
        String chunkedWithHidden = "0\r\n\r\n" + smuggled;
        String outer = "{\"title\":\"outer " + index + "\",\"body\":\"b\"}";
        String chunkedOuter = Integer.toHexString(outer.length()) + "\r\n" + outer + "\r\n0\r\n\r\n";
        List<String[]> shapes = List.of(
                new String[] { "CL.TE", "Content-Length: " + chunkedWithHidden.length() + "\r\nTransfer-Encoding: chunked",
                        chunkedWithHidden },
                new String[] { "TE.CL", "Transfer-Encoding: chunked\r\nContent-Length: 3", chunkedOuter + smuggled },
                new String[] { "two lengths", "Content-Length: " + outer.length() + "\r\nContent-Length: "
                        + (outer.length() + smuggled.length()), outer + smuggled },
                new String[] { "list length", "Content-Length: " + outer.length() + ", " + outer.length(), outer },
                new String[] { "TE xchunked", "Transfer-Encoding: xchunked\r\nContent-Length: "
                        + chunkedWithHidden.length(), chunkedWithHidden },
                new String[] { "TE space", "Transfer-Encoding : chunked\r\nContent-Length: " + chunkedWithHidden.length(),
                        chunkedWithHidden },
                new String[] { "TE tab", "Transfer-Encoding:\tchunked\r\nContent-Length: " + chunkedWithHidden.length(),
                        chunkedWithHidden },
                new String[] { "TE list", "Transfer-Encoding: chunked, identity\r\nContent-Length: "
                        + chunkedWithHidden.length(), chunkedWithHidden },
                new String[] { "TE twice", "Transfer-Encoding: chunked\r\nTransfer-Encoding: x", chunkedOuter },
                new String[] { "TE upper", "Transfer-Encoding: CHUNKED", chunkedOuter },
                new String[] { "bad chunk size", "Transfer-Encoding: chunked", "zz\r\n" + outer + "\r\n0\r\n\r\n" },
                new String[] { "negative chunk", "Transfer-Encoding: chunked", "-1\r\n" + outer + "\r\n0\r\n\r\n" },
                new String[] { "huge chunk", "Transfer-Encoding: chunked", "fffffffffffffffff\r\n" + outer + "\r\n0\r\n\r\n" },
                new String[] { "chunk extension", "Transfer-Encoding: chunked", Integer.toHexString(outer.length())
                        + ";x=\"unterminated\r\n" + outer + "\r\n0\r\n\r\n" },
                new String[] { "negative length", "Content-Length: -1", outer },
                new String[] { "text length", "Content-Length: abc", outer },
                new String[] { "huge length", "Content-Length: 99999999999999999999", outer },
                new String[] { "plus length", "Content-Length: +" + outer.length(), outer },
                new String[] { "hex length", "Content-Length: 0x" + Integer.toHexString(outer.length()), outer },
                new String[] { "zero length with body", "Content-Length: 0", outer + smuggled });
        String[] shape = pick(random, shapes);
        List<String> lines = new ArrayList<>(List.of("POST /api/notes HTTP/1.1", "Host: {host}",
                "Cookie: fugue_session={cookie}", "Content-Type: application/json", shape[1]));
        return new FuzzCase("framing " + shape[0], Transport.RAW, "POST", "/api/notes", lines,
                shape[2].getBytes(StandardCharsets.ISO_8859_1), ANY, null);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    static String username(SplittableRandom random, int length) {
        StringBuilder name = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            name.append(USERNAME_CHARS.charAt(random.nextInt(USERNAME_CHARS.length())));
        }
        return name.toString();
    }

    /** Any UTF-16 text, NUL and unpaired surrogates included. */
    private static String anyText(SplittableRandom random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(random.nextInt(4) == 0 ? (char) random.nextInt(0x10000) : HostileText.storable(random, 1).charAt(0));
        }
        return text.toString();
    }

    /** The text with each unpaired surrogate replaced by 'p': NUL and control characters stay. */
    private static String pairedSurrogatesOnly(String text) {
        StringBuilder paired = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                paired.append(c).append(text.charAt(++i));
            } else {
                paired.append(Character.isSurrogate(c) ? 'p' : c);
            }
        }
        return paired.toString();
    }

    /**
     * The 12 a password needs are characters (code points): text of 12 UTF-16 units with an emoji in it has fewer, so
     * it is padded (never past the 1024 allowed: it has at most 1024 units).
     */
    private static String atLeastTwelveCharacters(String password) {
        StringBuilder padded = new StringBuilder(password);
        while (padded.codePointCount(0, padded.length()) < 12) {
            padded.append('p');
        }
        return padded.toString();
    }

    private static String ws(SplittableRandom random) {
        return random.nextInt(6) == 0 ? pick(random, List.of(" ", "\t", "\n", "\r\n  ")) : "";
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String abbreviate(String text) {
        String shown = text.length() > 60 ? text.substring(0, 60) + "…(" + text.length() + ")" : text;
        StringBuilder printable = new StringBuilder();
        shown.codePoints().forEach(c -> printable.append(c < 0x20 || c == 0x7f || (c >= 0xd800 && c < 0xe000)
                ? String.format("\\x%02x", c) : Character.toString(c)));
        return printable.toString();
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static <T> T pick(SplittableRandom random, List<T> items) {
        return items.get(random.nextInt(items.size()));
    }
}
