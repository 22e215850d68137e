package dev.ringback.bootstrap;

/**
 * The server cannot start for a reason outside its settings' syntax: its address cannot be bound,
 * its database cannot be opened. The message is the one line the operator sees; whatever had
 * started is stopped before it is thrown.
 */
final class CannotStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CannotStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
