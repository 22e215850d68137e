package dev.ringback.adapters.persistence;

/**
 * An operator's work on the database file (a backup, a restore, a new secret key) refused or failed,
 * in words the operator can act on; nothing was half-written.
 */
public final class MaintenanceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MaintenanceException(String message) {
        super(message);
    }

    MaintenanceException(String message, Throwable cause) {
        super(message, cause);
    }
}
