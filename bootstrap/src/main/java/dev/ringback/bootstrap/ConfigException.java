package dev.ringback.bootstrap;

/** A setting is missing or malformed. The message names the setting, never its secret value. */
final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ConfigException(String message) {
        super(message);
    }
}
