package dev.ringback.adapters.openclaw.testing;

import java.util.Locale;

/**
 * The gateway's own key canonicalisation (reference section 3), written independently of
 * Ringback's {@code SessionKey} so that the double can catch a mistake there.
 */
final class GatewaySessionKeys {
    private GatewaySessionKeys() {}

    static String canonical(String raw) {
        String key = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
        if (key.isEmpty()) {
            return "agent:main:main";
        }
        if (key.startsWith("agent:")) {
            return key;
        }
        return "agent:main:" + key;
    }
}
