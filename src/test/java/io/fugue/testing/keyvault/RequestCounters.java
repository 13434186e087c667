package io.fugue.testing.keyvault;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Live, thread-safe counters behind {@link RequestCounts}. */
final class RequestCounters {

    enum Kind {
        TOKEN, CHALLENGE, LIST_SECRETS, LIST_VERSIONS, SET, UPDATE, FORBIDDEN, VAULT_REQUEST
    }

    private final Map<Kind, LongAdder> counters = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> secretGets = new ConcurrentHashMap<>();

    void count(Kind kind) {
        counters.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    void countGet(String secretName) {
        secretGets.computeIfAbsent(secretName.toLowerCase(Locale.ROOT), k -> new AtomicInteger()).incrementAndGet();
    }

    RequestCounts snapshot() {
        Map<String, Integer> gets = new java.util.HashMap<>();
        secretGets.forEach((name, count) -> gets.put(name, count.get()));
        return new RequestCounts(get(Kind.TOKEN), get(Kind.CHALLENGE), gets, get(Kind.LIST_SECRETS),
                get(Kind.LIST_VERSIONS), get(Kind.SET), get(Kind.UPDATE), get(Kind.FORBIDDEN), get(Kind.VAULT_REQUEST));
    }

    void reset() {
        counters.clear();
        secretGets.clear();
    }

    private int get(Kind kind) {
        LongAdder adder = counters.get(kind);
        return adder == null ? 0 : adder.intValue();
    }
}
