package io.fugue.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests no HTTP client library agrees to send: bare CR or LF in header values,
 * duplicate or contradictory framing headers, bytes that are not UTF-8 in the request line. Hand-written because
 * that refusal is the point of every client library; it reads the first answer, and any answer that follows on the
 * same connection (a request smuggled inside the first one's body would produce one).
 */
public final class RawHttp {

    /** One answer as received; header names in lower case. */
    public record Answer(int status, Map<String, List<String>> headers, String body, int answersOnConnection) {

        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    private RawHttp() {
    }

    /**
     * Sends the bytes as they are and reads what comes back. {@code null} when the server closed the connection
     * without answering (which it may do to a request it cannot frame).
     */
    public static Answer exchange(URI base, byte[] request) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // The server may answer and close before it has read everything: the answer is still worth reading.
            }
            InputStream in = socket.getInputStream();
            Answer first;
            try {
                first = read(in);
            } catch (IOException e) {
                return null; // reset by the server: no answer
            }
            if (first == null) {
                return null;
            }
            int answers = 1;
            // A second answer on the same connection means a second request was read out of the first one's bytes.
            socket.setSoTimeout(300);
            try {
                while (read(in) != null) {
                    answers++;
                }
            } catch (SocketTimeoutException | java.net.SocketException e) {
                // nothing more came
            }
            return new Answer(first.status(), first.headers(), first.body(), answers);
        }
    }

    /** The text of a request: lines joined with CRLF, then the body (header values may hold anything). */
    public static byte[] request(List<String> lines, byte[] body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String line : lines) {
            bytes.writeBytes(line.getBytes(StandardCharsets.ISO_8859_1));
            bytes.writeBytes(new byte[] { '\r', '\n' });
        }
        bytes.writeBytes(new byte[] { '\r', '\n' });
        bytes.writeBytes(body);
        return bytes.toByteArray();
    }

    private static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            return null;
        }
        while (statusLine.isEmpty()) { // tolerate a stray CRLF between answers
            statusLine = line(in);
            if (statusLine == null) {
                return null;
            }
        }
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("Not an HTTP answer: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            headers.computeIfAbsent(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(header.substring(colon + 1).trim());
        }
        byte[] body;
        List<String> length = headers.get("content-length");
        List<String> encoding = headers.get("transfer-encoding");
        if (status == 100) {
            return read(in);
        } else if (encoding != null && encoding.get(0).equalsIgnoreCase("chunked")) {
            body = chunked(in);
        } else if (length != null) {
            body = in.readNBytes(Integer.parseInt(length.get(0)));
        } else {
            body = in.readAllBytes();
        }
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8), 1);
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String size = line(in); size != null; size = line(in)) {
            int length = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (length == 0) {
                for (String trailer = line(in); trailer != null && !trailer.isEmpty(); trailer = line(in)) {
                    // trailers: none expected
                }
                break;
            }
            body.writeBytes(in.readNBytes(length));
            line(in);
        }
        return body.toByteArray();
    }

    /** One CRLF-terminated line; {@code null} at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}
