package dev.ringback.bootstrap;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;

/**
 * The base URL outside systems use to reach this server. Known from configuration, or only once
 * the server has bound its port (port 0 in tests, or trial mode on a laptop).
 */
@Singleton
final class PublicUrl {
    static final String BLAND_WEBHOOK_PATH = "/api/webhooks/bland/status";

    private volatile URI base;

    @Inject
    PublicUrl(RingbackConfig config) {
        this.base = config.http().publicBaseUrl();
    }

    void boundTo(URI actual) {
        this.base = actual;
    }

    URI blandWebhook() {
        return URI.create(base + BLAND_WEBHOOK_PATH);
    }
}
