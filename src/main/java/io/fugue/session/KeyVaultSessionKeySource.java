package io.fugue.session;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import io.fugue.keyvault.CachedSecret;
import io.fugue.keyvault.LiveSecretProperty;
import io.fugue.keyvault.SecretRefresher;
import io.fugue.keyvault.SecretVersions;
import io.smallrye.config.ConfigValidationException;

/**
 * Session keys that follow the versions of the Key Vault secret behind {@code fugue.session.signing-key}: the newest
 * enabled version signs, the older enabled versions that can still have signed a live session verify, and so do
 * {@code fugue.session.fallback-keys}. Each key's {@code kid} is its version id. The ring is rebuilt when a refresh
 * changes the secret; a cookie naming a version not held yet asks for that refresh early ({@link SessionKeyCatchUp}).
 */
final class KeyVaultSessionKeySource implements SessionKeySource {

    private static final Logger LOG = Logger.getLogger(KeyVaultSessionKeySource.class);
    private static final Pattern VERSION_ID = Pattern.compile("[0-9a-fA-F]{32}");

    private final LiveSecretProperty signingKey;
    private final List<SessionKey> fallbackKeys;
    private final SessionKeyCatchUp catchUp;
    private volatile SessionKeyRing ring;
    /** Why no key may be used right now, or {@code null}: see {@link SessionKeysUnavailableException}. */
    private volatile String unavailable;

    KeyVaultSessionKeySource(LiveSecretProperty signingKey, SessionConfig config, SecretRefresher refresher) {
        this.signingKey = signingKey;
        this.fallbackKeys = config.fallbackKeys().orElse(List.of()).stream()
                .map(key -> SessionKeys.fromConfig(SessionKeys.FALLBACK_KEYS_PROPERTY, key)).toList();
        // Listening first: a refresh that lands between loading the history and building the ring rebuilds it.
        refresher.onChange(reference -> {
            if (reference.equals(signingKey.reference().orElseThrow())) {
                rebuild();
            }
        });
        // Older versions must be held from the start: sessions they signed before a restart are still live.
        refresher.keepHistory(signingKey.property(), signingKey.reference().orElseThrow(), config.maxAge());
        this.ring = build(signingKey.versions());
        this.catchUp = new SessionKeyCatchUp(kid -> refresher.refreshSoon(signingKey.reference().orElseThrow(), kid));
    }

    @Override
    public SessionKeyRing current() {
        String reason = unavailable;
        if (reason != null) {
            throw new SessionKeysUnavailableException(reason);
        }
        return ring;
    }

    /**
     * Another replica may sign with a version this one has not refreshed to yet: see {@link SessionKeyCatchUp}. Only a
     * {@code kid} shaped like a Key Vault version id (32 hex digits) is worth asking the vault about.
     */
    @Override
    public void catchUp(String kid) {
        if (VERSION_ID.matcher(kid).matches()) {
            catchUp.catchUp(kid);
        }
    }

    private void rebuild() {
        if (ring == null) {
            return; // still in the constructor, which builds the ring from the versions held by then
        }
        try {
            ringAfterRefresh(signingKey.versions()).ifPresent(this::useRing);
        } catch (RuntimeException e) {
            // E.g. a version whose kid is a fallback key's: the previous keys stay. The message names kids, no key.
            LOG.errorf("Keeping the previous session keys: %s", e.getMessage());
        }
    }

    /**
     * The ring a refresh brings, or empty when no key may be used (recorded in {@link #unavailable}). A weak new
     * version must neither sign nor keep the previous ring: that ring may hold a version just disabled (a leaked key
     * rotated out together with a mistaken new value). The newest strong version held signs until a strong one is
     * set; with none held, sessions are refused.
     */
    private Optional<SessionKeyRing> ringAfterRefresh(SecretVersions versions) {
        try {
            return Optional.of(build(versions));
        } catch (ConfigValidationException weakNewest) {
            String problem = weakNewest.getProblem(0).getMessage();
            List<SessionKey> strong = strongKeys(versions);
            if (strong.isEmpty()) {
                unavailable = problem + ", and no older strong version is held";
                LOG.errorf("%s; sessions are refused (503) until a strong version is set", unavailable);
                return Optional.empty();
            }
            LOG.errorf("%s; signing with version %s, the newest strong one, until a strong version is set", problem,
                    strong.get(0).kid());
            return Optional.of(ring(strong));
        }
    }

    private void useRing(SessionKeyRing next) {
        ring = next;
        unavailable = null;
        LOG.infof("Session keys now %s", next);
    }

    /**
     * The newest version signs and must be strong. An older weak version (one set by mistake, then replaced) is left
     * out: refusing the whole ring would keep the new key from signing for as long as the old one is in the history
     * window, and sessions the weak key signed should not verify anyway.
     */
    private SessionKeyRing build(SecretVersions versions) {
        CachedSecret newest = versions.newest();
        if (!isStrong(newest)) {
            throw new ConfigValidationException(new ConfigValidationException.Problem[] {
                    new ConfigValidationException.Problem(weak(newest) + "; refusing a weak session key") });
        }
        return ring(strongKeys(versions));
    }

    /** The strong versions held, newest first; each weak one is logged and left out. */
    private static List<SessionKey> strongKeys(SecretVersions versions) {
        List<SessionKey> keys = new ArrayList<>();
        for (CachedSecret version : versions.versions()) {
            if (isStrong(version)) {
                keys.add(new SessionKey(version.version(), version.value().getBytes(StandardCharsets.UTF_8)));
            } else if (version != versions.newest()) {
                LOG.warnf("%s; it verifies no session (disable it in the vault)", weak(version));
            }
        }
        return keys;
    }

    private SessionKeyRing ring(List<SessionKey> strongKeys) {
        List<SessionKey> verifyOnly = new ArrayList<>(strongKeys.subList(1, strongKeys.size()));
        verifyOnly.addAll(fallbackKeys);
        return new SessionKeyRing(strongKeys.get(0), verifyOnly);
    }

    private static boolean isStrong(CachedSecret version) {
        return version.value().getBytes(StandardCharsets.UTF_8).length >= SessionKeys.MIN_KEY_BYTES;
    }

    private static String weak(CachedSecret version) {
        return SessionKeys.SIGNING_KEY_PROPERTY + ": version " + version.version() + " of secret "
                + version.reference() + " is shorter than " + SessionKeys.MIN_KEY_BYTES + " bytes";
    }
}
