package io.fugue.session.rest;

/** Who the session belongs to. */
public record SessionResponse(String username) {
}
