package io.fugue.keyvault;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Finds the {@code ${kv//…}} references in the effective configuration: the winning raw value of every property,
 * so that a property overridden by an environment variable or system property (Method 1) asks nothing of a vault.
 */
final class ReferenceScanner {

    private static final String EXPRESSION_START = "${" + SecretReferenceParser.PREFIX;

    private ReferenceScanner() {
    }

    /** A reference and the properties that use it. {@code optional} when every use has a default value. */
    record Usage(Set<String> properties, boolean optional) {

        Usage merge(Usage other) {
            return new Usage(union(properties, other.properties), optional && other.optional);
        }
    }

    /**
     * @param names every property name known so far, possibly with a {@code %profile.} prefix
     * @param rawValue the effective, unexpanded value of a property for the active profiles, or {@code null}
     */
    static Map<String, Usage> scan(Iterator<String> names, Function<String, String> rawValue) {
        Set<String> properties = new LinkedHashSet<>();
        names.forEachRemaining(name -> properties.add(withoutProfile(name)));
        Map<String, Usage> found = new LinkedHashMap<>();
        for (String property : properties) {
            String value = rawValue.apply(property);
            if (value == null || !value.contains(EXPRESSION_START)) {
                continue;
            }
            for (Reference reference : referencesIn(value)) {
                found.merge(reference.name(), new Usage(Set.of(property), reference.hasDefault()), Usage::merge);
            }
        }
        return found;
    }

    record Reference(String name, boolean hasDefault) {
    }

    /** Every {@code ${kv//name}} or {@code ${kv//name:default}} in a value. */
    static List<Reference> referencesIn(String value) {
        List<Reference> references = new ArrayList<>();
        int start = value.indexOf(EXPRESSION_START);
        while (start >= 0) {
            int nameStart = start + 2;
            int end = nameStart;
            while (end < value.length() && value.charAt(end) != '}' && value.charAt(end) != ':') {
                end++;
            }
            boolean hasDefault = end < value.length() && value.charAt(end) == ':';
            references.add(new Reference(value.substring(nameStart, end), hasDefault));
            start = value.indexOf(EXPRESSION_START, end);
        }
        return references;
    }

    static String withoutProfile(String name) {
        if (name.startsWith("%")) {
            int dot = name.indexOf('.');
            return dot < 0 ? name : name.substring(dot + 1);
        }
        return name;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }
}
