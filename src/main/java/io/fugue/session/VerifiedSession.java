package io.fugue.session;

import java.util.Optional;

/**
 * A session that passed verification.
 *
 * @param claims         what its token says
 * @param reissuedToken  the same claims signed with the newest key, when an older key had signed them
 */
public record VerifiedSession(SessionClaims claims, Optional<String> reissuedToken) {
}
