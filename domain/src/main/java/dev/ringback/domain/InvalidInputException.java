package dev.ringback.domain;

/**
 * A caller's input broke a rule of the domain. The message is written for the caller: adapters
 * may show it verbatim, so it never contains secrets or the rejected value when that is sensitive.
 */
public final class InvalidInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }
}
