package dev.ringback.domain;

import java.util.regex.Pattern;

/** Shared shape check for the opaque identifiers of the domain. */
public final class Identifiers {
    private static final Pattern OPAQUE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    private Identifiers() {}

    public static String requireOpaqueId(String value, String what) {
        if (value == null || !OPAQUE_ID.matcher(value).matches()) {
            throw new InvalidInputException(what + " must be 1 to 128 letters, digits, '.', '_', ':' or '-'");
        }
        return value;
    }
}
