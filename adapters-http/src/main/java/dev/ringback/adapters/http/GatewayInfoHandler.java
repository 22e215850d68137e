package dev.ringback.adapters.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ringback.application.port.in.GetGatewayInfoUseCase;
import dev.ringback.application.port.in.GetGatewayInfoUseCase.GatewayInfo;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.phone.PhoneNumber;
import dev.ringback.domain.session.SessionKey;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** {@code GET /api/user/gateway}: what the dashboard needs to open its WebSocket to the machine. */
final class GatewayInfoHandler implements HttpHandler {
    static final String PATH = "/api/user/gateway";

    private final Authentication auth;
    private final GetGatewayInfoUseCase gateways;

    @Inject
    GatewayInfoHandler(Authentication auth, GetGatewayInfoUseCase gateways) {
        this.auth = auth;
        this.gateways = gateways;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        GatewayInfo info = gateways.forUser(auth.dashboardUser(exchange)).orElseThrow(MachineNotProvisioned::refusal);
        JsonResponses.send(exchange, 200, GatewayResponse.of(info));
    }

    record GatewayResponse(
            @JsonProperty("gatewayUrl") String gatewayUrl,
            @JsonProperty("httpUrl") String httpUrl,
            @JsonProperty("appName") String appName,
            @JsonProperty("machineId") String machineId,
            @JsonProperty("sessionKey") String sessionKey,
            @JsonProperty("phoneNumber") String phoneNumber,
            @JsonProperty("lastSessionKey") String lastSessionKey) {

        private static final Pattern IP_V4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

        static GatewayResponse of(GatewayInfo info) {
            Machine machine = info.machine();
            URI app = machine.appUrl();
            // The dashboard's own WebSocket, where Ringback's chat route connects too (the machine's
            // WebSocket path: '/ws' on the hosted platform, '/' on a bare gateway). It carries the
            // gateway token, which is the user's to have.
            String gatewayUrl = machine.webSocketUrl() + "?token="
                    + URLEncoder.encode(machine.gatewayToken().value(), StandardCharsets.UTF_8) + "&clientId=webchat";
            return new GatewayResponse(
                    gatewayUrl,
                    stripTrailingSlash(app.toString()),
                    appNameOf(app.getHost()),
                    machine.id().value(),
                    "main",
                    info.user().phoneNumber().map(PhoneNumber::e164).orElse(null),
                    machine.lastReportedSession().map(SessionKey::value).orElse(null));
        }

        /**
         * The platform's app name is the first label of {@code <app>.fly.dev}; a machine at an IP
         * address has no such label (its first octet named nothing), so it is the address itself.
         */
        static String appNameOf(String host) {
            if (host.startsWith("[") || IP_V4.matcher(host).matches()) {
                return host;
            }
            int dot = host.indexOf('.');
            return dot > 0 ? host.substring(0, dot) : host;
        }

        private static String stripTrailingSlash(String url) {
            return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        }
    }
}
