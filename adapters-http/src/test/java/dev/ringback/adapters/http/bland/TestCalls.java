package dev.ringback.adapters.http.bland;

import dev.ringback.application.port.out.TelephonyProvider.OutboundCall;
import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.account.Secret;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.call.CallId;
import dev.ringback.domain.phone.PhoneNumber;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Fixtures: fictional 555 numbers, a task no log may contain. */
final class TestCalls {
    static final String FROM = "+12025550100";
    static final String TO = "+12025550123";
    static final String TASK = "Book a table for two at Luigi's at 7 pm under the name Ada Lovelace";

    private TestCalls() {}

    static OutboundCall outbound(String callId) {
        return outbound(callId, TO);
    }

    static OutboundCall outbound(String callId, String to) {
        return new OutboundCall(new CallId(callId), new UserId("user-1"), new MachineId("machine-1"),
                new PhoneNumber(FROM), new PhoneNumber(to), TASK, Optional.of("Hi, I'm calling for Ada."),
                Optional.of("maya"), 5, true, "leave_message", Optional.of("Please call Ada back."));
    }

    static OutboundCall minimal(String callId) {
        return new OutboundCall(new CallId(callId), new UserId("user-1"), new MachineId("machine-1"),
                new PhoneNumber(FROM), new PhoneNumber(TO), TASK, Optional.empty(), Optional.empty(), 3, false,
                "hangup", Optional.empty());
    }

    static OutboundCall withMaxDuration(String callId, int minutes) {
        return new OutboundCall(new CallId(callId), new UserId("user-1"), new MachineId("machine-1"),
                new PhoneNumber(FROM), new PhoneNumber(TO), TASK, Optional.empty(), Optional.empty(), minutes, false,
                "hangup", Optional.empty());
    }

    static BlandSettings bland(URI baseUrl, String apiKey, Duration timeout) {
        return new BlandSettings(TelephonyMode.BLAND, baseUrl, Optional.of(new Secret(apiKey)), Optional.empty(), false,
                BlandSettings.DEFAULT_VOICE_ID, timeout, Duration.ZERO);
    }

    static BlandSettings simulated(Optional<Secret> webhookSecret, Duration delay) {
        return new BlandSettings(TelephonyMode.SIMULATED, BlandSettings.DEFAULT_API_BASE_URL, Optional.empty(),
                webhookSecret, webhookSecret.isEmpty(), BlandSettings.DEFAULT_VOICE_ID, Duration.ofSeconds(5), delay);
    }
}
