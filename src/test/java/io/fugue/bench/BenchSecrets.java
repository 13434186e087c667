package io.fugue.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Which secrets a benchmark cell with K references uses, and under which properties. The three secrets of the
 * application come first ({@code session-signing-key}, {@code db-username}, {@code db-password}), then
 * {@code bench-1} … as {@code bench.s1} …, so K = 1 is the session key alone (the database credentials then come
 * from environment variables), K = 10 is the three plus seven, K = 50 the three plus 47.
 */
final class BenchSecrets {

    /** A property whose value is {@code ${kv//secret}}; {@code envVar} gives it directly (Method 1), if standard. */
    record Ref(String property, String secret, String envVar) {

        boolean standard() {
            return envVar != null;
        }

        String reference() {
            return "${kv//" + secret + "}";
        }
    }

    static final List<Ref> STANDARD = List.of(
            new Ref("fugue.session.signing-key", "session-signing-key", "FUGUE_SESSION_SIGNING_KEY"),
            new Ref("quarkus.datasource.username", "db-username", "QUARKUS_DATASOURCE_USERNAME"),
            new Ref("quarkus.datasource.password", "db-password", "QUARKUS_DATASOURCE_PASSWORD"));

    private BenchSecrets() {
    }

    /** The K references of a cell, standard ones first. */
    static List<Ref> referenced(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("K must be at least 1");
        }
        List<Ref> refs = new ArrayList<>(STANDARD.subList(0, Math.min(k, STANDARD.size())));
        for (int i = 1; i <= k - STANDARD.size(); i++) {
            refs.add(new Ref("bench.s" + i, "bench-" + i, null));
        }
        return refs;
    }

    /** How many {@code bench-i} secrets the emulator must hold for the largest K. */
    static int extraSecrets(int k) {
        return Math.max(0, k - STANDARD.size());
    }
}
