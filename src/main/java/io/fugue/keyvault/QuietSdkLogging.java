package io.fugue.keyvault;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Silences the Azure SDK and MSAL while boot resolves secrets. Quarkus applies {@code quarkus.log.category} only once
 * the configuration is built, so until then the identity libraries log every credential of the chain they try, and
 * the HTTP client every failed attempt with a full stack trace: dozens of frames per retry when the identity
 * endpoint is down. Boot reports every failure itself, one line per reference with what to check, so nothing an
 * operator needs is lost. The previous levels come back once boot is over: resolved, or failed and its runtime closed
 * (in dev mode the JVM goes on, and the SDK's logging with it).
 */
final class QuietSdkLogging implements AutoCloseable {

    private static final List<String> CATEGORIES = List.of("com.azure", "com.microsoft.aad.msal4j");

    // Held strongly: java.util.logging keeps loggers weakly, and a collected logger would lose the level set here.
    private final List<Logger> loggers = CATEGORIES.stream().map(Logger::getLogger).toList();
    private final List<Level> previous = loggers.stream().map(Logger::getLevel).toList();

    QuietSdkLogging() {
        loggers.forEach(logger -> logger.setLevel(Level.OFF));
    }

    @Override
    public void close() {
        for (int i = 0; i < loggers.size(); i++) {
            loggers.get(i).setLevel(previous.get(i));
        }
    }
}
