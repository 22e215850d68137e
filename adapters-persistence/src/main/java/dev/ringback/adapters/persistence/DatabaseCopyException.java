package dev.ringback.adapters.persistence;

/** A backup or restore refused or failed, in words an operator can act on; nothing was half-written. */
public final class DatabaseCopyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DatabaseCopyException(String message) {
        super(message);
    }

    DatabaseCopyException(String message, Throwable cause) {
        super(message, cause);
    }
}
