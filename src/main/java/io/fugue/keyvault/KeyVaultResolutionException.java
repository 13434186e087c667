package io.fugue.keyvault;

import java.util.List;

/**
 * Boot failed because references could not be resolved. The message lists each one with what to fix; a stack
 * trace would add nothing an operator can use, so none is recorded.
 */
public class KeyVaultResolutionException extends RuntimeException {

    public KeyVaultResolutionException(List<String> problems, int total) {
        super(problems.size() + " of " + total + " Key Vault secret reference(s) could not be resolved:\n  - "
                + String.join("\n  - ", problems), null, false, false);
    }
}
