package io.fugue.account;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Account settings. */
@ConfigMapping(prefix = "fugue.account")
public interface AccountConfig {

    /**
     * Bcrypt cost (log2 of the rounds, 4–31) for new password hashes. An existing hash moves to it at its account's
     * next successful login. Each step doubles the time of a login; 12 takes roughly a quarter of a second on one
     * core.
     */
    @WithDefault("12")
    int bcryptCost();
}
