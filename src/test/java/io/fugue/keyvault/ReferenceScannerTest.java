package io.fugue.keyvault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ReferenceScannerTest {

    @Test
    void findsEveryReferenceInEffectiveValuesOnce() {
        // What the profile-aware context answers for the active profile; the %prod name maps to the plain one.
        Map<String, String> effective = Map.of(
                "quarkus.datasource.password", "${kv//db-password}",
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://${kv//db-host}:5432/${kv//db-name:fugue}",
                "app.copy-of-password", "${kv//db-password}",
                "quarkus.http.port", "8080");
        Map<String, ReferenceScanner.Usage> found = ReferenceScanner.scan(List.of(
                "%prod.quarkus.datasource.password", "quarkus.datasource.jdbc.url", "app.copy-of-password",
                "quarkus.http.port").iterator(), effective::get);

        assertEquals(Set.of("kv//db-password", "kv//db-host", "kv//db-name"), found.keySet());
        assertEquals(Set.of("quarkus.datasource.password", "app.copy-of-password"),
                found.get("kv//db-password").properties());
        assertFalse(found.get("kv//db-password").optional());
        assertTrue(found.get("kv//db-name").optional(), "a reference with a default value is optional");
    }

    @Test
    void anOverriddenPropertyContributesNothing() {
        // Method 1: QUARKUS_DATASOURCE_PASSWORD wins, so the effective value holds no reference.
        Map<String, ReferenceScanner.Usage> found = ReferenceScanner.scan(
                List.of("quarkus.datasource.password").iterator(), name -> "from-the-environment");
        assertTrue(found.isEmpty());
    }

    @Test
    void aReferenceInADefaultCountsOnlyWhenItsExpressionHasNoValue() {
        // ${DB_PASSWORD:${kv//db-password}}: the environment variable, when set, is all SmallRye will read (Method 1).
        Map<String, String> withVariable = Map.of("quarkus.datasource.password", "${DB_PASSWORD:${kv//db-password}}",
                "DB_PASSWORD", "from-the-environment");
        assertTrue(ReferenceScanner.scan(List.of("quarkus.datasource.password", "DB_PASSWORD").iterator(),
                withVariable::get).isEmpty());

        Map<String, String> withoutVariable = Map.of("quarkus.datasource.password", "${DB_PASSWORD:${kv//db-password}}");
        Map<String, ReferenceScanner.Usage> found = ReferenceScanner.scan(
                List.of("quarkus.datasource.password").iterator(), withoutVariable::get);
        assertEquals(Set.of("kv//db-password"), found.keySet());
        assertFalse(found.get("kv//db-password").optional());
    }

    @Test
    void anExpressionInsideAReferenceIsExpandedFirst() {
        // Choosing the vault per environment, as quarkiverse's source allows.
        Map<String, String> effective = Map.of("quarkus.datasource.password", "${kv//${KV_NAME}/db-password}",
                "quarkus.datasource.username", "${kv//${KV_NAME:fugue-kv}/db-username}", "KV_NAME", "prod-kv");

        Map<String, ReferenceScanner.Usage> found = ReferenceScanner.scan(
                List.of("quarkus.datasource.password", "quarkus.datasource.username").iterator(), effective::get);

        assertEquals(Set.of("kv//prod-kv/db-password", "kv//prod-kv/db-username"), found.keySet());
    }

    @Test
    void aReferencesOwnDefaultIsNotFetchedAhead() {
        Map<String, ReferenceScanner.Usage> found = ReferenceScanner.scan(List.of("app.token").iterator(),
                Map.of("app.token", "${kv//primary:${kv//fallback}}")::get);

        assertEquals(Set.of("kv//primary"), found.keySet());
        assertTrue(found.get("kv//primary").optional());
    }

    @Test
    void anEscapedReferenceIsALiteralAsForSmallRye() {
        Map<String, ReferenceScanner.Usage> found = ReferenceScanner.scan(List.of("app.doc").iterator(),
                Map.of("app.doc", "write \\${kv//name} to reference a secret; ${kv//real}")::get);

        assertEquals(Set.of("kv//real"), found.keySet());
    }

    @Test
    void aNameThatCannotBeExpandedIsLeftToSmallRyesError() {
        Map<String, ReferenceScanner.Usage> found = ReferenceScanner.scan(List.of("app.a", "app.b").iterator(),
                Map.of("app.a", "${kv//${NO_SUCH_VARIABLE}/x}", "app.b", "${UNSET}-${kv//y}")::get);

        assertEquals(Set.of("kv//y"), found.keySet());
    }

    @Test
    void profilePrefixesAreStripped() {
        assertEquals("a.b", ReferenceScanner.withoutProfile("%prod.a.b"));
        assertEquals("a.b", ReferenceScanner.withoutProfile("a.b"));
    }

    @Test
    void aValueThatEvaluatesToOneReferenceIsThatReference() {
        Map<String, String> env = Map.of("KV_NAME", "fugue-kv", "SET", "literal");
        assertEquals(Optional.of("kv//db-password"), whole("${kv//db-password}", env));
        assertEquals(Optional.of("kv//db-password"), whole(" ${kv//db-password} ", env), "trimmed, as before");
        assertEquals(Optional.of("kv//fugue-kv/db-password"), whole("${kv//${KV_NAME}/db-password}", env));
        assertEquals(Optional.of("kv//db-password"), whole("${UNSET:${kv//db-password}}", env),
                "a default that applies");
        assertEquals(Optional.of("kv//db-password"), whole("${ALIAS}", Map.of("ALIAS", "${kv//db-password}")),
                "through another property");
    }

    @Test
    void anythingElseIsNoWholeReference() {
        Map<String, String> env = Map.of("SET", "literal");
        assertEquals(Optional.empty(), whole("${SET:${kv//db-password}}", env), "Method 1: the variable wins");
        assertEquals(Optional.empty(), whole("prefix-${kv//db-password}", env));
        assertEquals(Optional.empty(), whole("${kv//db-username}${kv//db-password}", env));
        assertEquals(Optional.empty(), whole("\\${kv//db-password}", env), "escaped: a literal");
        assertEquals(Optional.empty(), whole("literal", env));
        assertEquals(Optional.empty(), whole("${kv//${UNSET}/db-password}", env), "no name to look up");
        assertTrue(ReferenceScanner.wholeReference("${kv//db-password:fallback}", env::get).orElseThrow()
                .hasDefault(), "a default is reported, for the caller to judge");
    }

    private static Optional<String> whole(String value, Map<String, String> others) {
        return ReferenceScanner.wholeReference(value, others::get).map(ReferenceScanner.Reference::name);
    }
}
