package io.fugue.keyvault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** The early token request of boot: who waits for it, who does not, and that its failure is nobody's answer. */
class SingleFlightTokenCredentialTest {

    private static final String SCOPE = "https://vault.azure.net/.default";
    private static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    /** A credential whose requests end when the test says, answering with the tenant asked for. */
    private static final class ScriptedCredential implements TokenCredential {
        final List<TokenRequestContext> asked = new CopyOnWriteArrayList<>();
        final List<Sinks.One<AccessToken>> answers = new CopyOnWriteArrayList<>();

        @Override
        public Mono<AccessToken> getToken(TokenRequestContext request) {
            return Mono.defer(() -> {
                asked.add(request);
                Sinks.One<AccessToken> answer = Sinks.one();
                answers.add(answer);
                return answer.asMono();
            });
        }

        void succeed(int request) {
            answers.get(request).tryEmitValue(new AccessToken("token-" + request, OffsetDateTime.now().plusHours(1)));
        }
    }

    private static TokenRequestContext early() {
        return new TokenRequestContext().addScopes(SCOPE).setCaeEnabled(true);
    }

    private static TokenRequestContext challenged() {
        return new TokenRequestContext().addScopes(SCOPE).setTenantId(TENANT).setCaeEnabled(true);
    }

    @Test
    void theChallengedRequestWaitsForTheEarlyOneAndThenAsksForItsOwnTenant() {
        ScriptedCredential identity = new ScriptedCredential();
        SingleFlightTokenCredential credential = new SingleFlightTokenCredential(identity);

        credential.prefetch(early());
        assertEquals(1, identity.asked.size(), "the early request starts at once");

        AccessToken[] got = new AccessToken[1];
        credential.getToken(challenged()).subscribe(token -> got[0] = token);
        assertEquals(1, identity.asked.size(), "no second request while the early one runs");

        identity.succeed(0);
        assertEquals(2, identity.asked.size(), "then the identity library is asked (from its cache, for a managed "
                + "identity) with the challenge's tenant");
        assertEquals(TENANT, identity.asked.get(1).getTenantId());
        identity.succeed(1);
        assertEquals("token-1", got[0].getToken());
    }

    @Test
    void aFailedEarlyRequestIsNobodysAnswer() {
        ScriptedCredential identity = new ScriptedCredential();
        SingleFlightTokenCredential credential = new SingleFlightTokenCredential(identity);
        credential.prefetch(early());

        AccessToken[] got = new AccessToken[1];
        credential.getToken(challenged()).subscribe(token -> got[0] = token);
        identity.answers.get(0).tryEmitError(new IllegalStateException("identity endpoint down"));

        assertEquals(2, identity.asked.size(), "the challenged request asks for itself");
        identity.succeed(1);
        assertEquals("token-1", got[0].getToken());
    }

    @Test
    void anotherScopeDoesNotWait() {
        ScriptedCredential identity = new ScriptedCredential();
        SingleFlightTokenCredential credential = new SingleFlightTokenCredential(identity);
        credential.prefetch(early());

        credential.getToken(new TokenRequestContext().addScopes("https://vault.azure.cn/.default")
                .setTenantId(TENANT).setCaeEnabled(true)).subscribe();

        assertEquals(2, identity.asked.size());
    }

    @Test
    void afterTheEarlyRequestEndedNobodyWaits() {
        ScriptedCredential identity = new ScriptedCredential();
        SingleFlightTokenCredential credential = new SingleFlightTokenCredential(identity);
        credential.prefetch(early());
        identity.succeed(0);

        credential.getToken(challenged()).subscribe();

        assertEquals(2, identity.asked.size());
    }

    @Test
    void concurrentAsksForTheSameTokenShareOneRequest() {
        ScriptedCredential identity = new ScriptedCredential();
        SingleFlightTokenCredential credential = new SingleFlightTokenCredential(identity);
        AtomicBoolean first = new AtomicBoolean();
        AtomicBoolean second = new AtomicBoolean();

        credential.getToken(challenged()).subscribe(token -> first.set(true));
        credential.getToken(challenged()).subscribe(token -> second.set(true));
        assertEquals(1, identity.asked.size());
        identity.succeed(0);

        assertTrue(first.get() && second.get());
    }

    @Test
    void aSecondPrefetchOfTheSameScopeJoinsTheFirst() {
        ScriptedCredential identity = new ScriptedCredential();
        SingleFlightTokenCredential credential = new SingleFlightTokenCredential(identity);

        credential.prefetch(early());
        credential.prefetch(early());

        assertEquals(1, identity.asked.size());
        assertEquals(List.of(SCOPE), identity.asked.get(0).getScopes());
        assertNull(identity.asked.get(0).getTenantId(), "the tenant is not known before the challenge");
    }
}
