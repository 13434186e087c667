package io.fugue.session.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;
/** Who the session belongs to. */
@RegisterForReflection
public record SessionResponse(String username) {
}
