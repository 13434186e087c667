package io.fugue.account;

/** Login refused; answered with 401, the same whether the username or the password was wrong. */
public class InvalidCredentialsException extends RuntimeException {

    public InvalidCredentialsException() {
        super("Invalid username or password", null, false, false);
    }
}
