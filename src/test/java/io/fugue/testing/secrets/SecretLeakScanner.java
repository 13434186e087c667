package io.fugue.testing.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Searches text files for secret values. A finding names the file and line and identifies the value by length and
 * hash only, so that the report does not leak what it found.
 */
public final class SecretLeakScanner {

    /**
     * Shorter values are not searched: they occur by chance. The emulator's {@code db-password} is "fugue", the local
     * database's password and the application's name, which is in every log line.
     */
    public static final int MIN_LENGTH = 8;

    private SecretLeakScanner() {
    }

    /** One occurrence of a value. */
    public record Leak(String where, int line, String value) {

        @Override
        public String toString() {
            return where + ":" + line + " holds a secret value of " + value.length() + " characters (sha-256 "
                    + fingerprint(value) + ")";
        }
    }

    /** What a scan searched and found. */
    public record Report(int searchedValues, int tooShortValues, List<String> searched, List<Leak> leaks) {

        public boolean clean() {
            return leaks.isEmpty();
        }

        /** A summary, followed by every finding; never a value. */
        public String describe() {
            StringBuilder text = new StringBuilder(clean() ? "Secret scan: clean" : "Secret scan: "
                    + leaks.size() + " occurrence(s) of secret values the Key Vault emulator stored");
            text.append(" (").append(searchedValues).append(" values searched, ").append(tooShortValues)
                    .append(" shorter than ").append(MIN_LENGTH).append(" skipped; ").append(searched.size())
                    .append(" file(s): ").append(String.join(", ", searched.stream().limit(5).toList()))
                    .append(searched.size() > 5 ? ", …" : "").append(")");
            leaks.forEach(leak -> text.append("\n  - ").append(leak));
            return text.toString();
        }
    }

    /** Searches the files, and every regular file under the directories, for the values. */
    public static Report scan(Collection<String> values, Collection<Path> filesOrDirectories) {
        List<String> searchable = values.stream().filter(v -> v.length() >= MIN_LENGTH).distinct().toList();
        List<String> searched = new ArrayList<>();
        List<Leak> leaks = new ArrayList<>();
        for (Path path : filesOrDirectories) {
            for (Path file : files(path)) {
                searched.add(file.toString());
                leaks.addAll(scanText(searchable, file.toString(), read(file)));
            }
        }
        return new Report(searchable.size(), (int) values.stream().distinct().count() - searchable.size(), searched,
                leaks);
    }

    /** The occurrences of the values in a text, as written or XML-escaped (surefire's reports are XML). */
    static List<Leak> scanText(Collection<String> values, String where, String text) {
        List<Leak> leaks = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (String value : values) {
            if (value.length() < MIN_LENGTH) {
                continue;
            }
            Set<String> forms = new LinkedHashSet<>(List.of(value, xmlEscaped(value)));
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i];
                if (forms.stream().anyMatch(line::contains)) {
                    leaks.add(new Leak(where, i + 1, value));
                }
            }
        }
        return leaks;
    }

    private static List<Path> files(Path path) {
        if (!Files.exists(path)) {
            return List.of();
        }
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            // Lenient decoding: a malformed byte must not hide the rest of the file.
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String xmlEscaped(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&apos;");
    }

    static String fingerprint(String value) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
