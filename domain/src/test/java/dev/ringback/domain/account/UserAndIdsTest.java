package dev.ringback.domain.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringback.domain.Identifiers;
import dev.ringback.domain.InvalidInputException;
import dev.ringback.domain.call.CallId;
import dev.ringback.domain.call.ProviderCallId;
import dev.ringback.domain.delivery.DeliveryId;
import dev.ringback.domain.phone.PhoneNumber;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserAndIdsTest {

    @Test
    void aRegisteredUserHasNoNumberYet() {
        User user = User.register(new UserId("u-1"), "Ada", "pro");
        assertThat(user.phoneNumber()).isEmpty();
        assertThat(user.voiceId()).isEmpty();
        User withNumber = user.withPhoneNumber(new PhoneNumber("+12025551234"), Optional.of("voice-1"));
        assertThat(withNumber.phoneNumber()).contains(new PhoneNumber("+12025551234"));
        assertThat(withNumber.voiceId()).contains("voice-1");
        assertThat(withNumber.id()).isEqualTo(user.id());
        assertThat(withNumber.plan()).isEqualTo("pro");
        assertThat(withNumber.toString()).doesNotContain("2025551234");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "u-1", "0f6a3f5e-aaaa-bbbb-cccc-123456789012", "ns:id.v2_x"})
    void opaqueIdsAccepted(String id) {
        assertThat(Identifiers.requireOpaqueId(id, "id")).isEqualTo(id);
        assertThat(new UserId(id).value()).isEqualTo(id);
        assertThat(new MachineId(id)).hasToString(id);
        assertThat(new CallId(id)).hasToString(id);
        assertThat(new ProviderCallId(id)).hasToString(id);
        assertThat(new DeliveryId(id)).hasToString(id);
    }

    @Test
    void opaqueIdsAreAtMost128Characters() {
        assertThat(new CallId("a".repeat(128)).value()).hasSize(128);
        assertThatThrownBy(() -> new CallId("a".repeat(129))).isInstanceOf(InvalidInputException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-lead", ".lead", "with space", "slash/y", "quote'", "new\nline", "é", "a;b"})
    void opaqueIdsRefused(String id) {
        assertThatThrownBy(() -> new UserId(id)).isInstanceOf(InvalidInputException.class).hasMessageContaining("user id");
        assertThatThrownBy(() -> new ProviderCallId(id)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void nullIdsRefused() {
        assertThatThrownBy(() -> new CallId(null)).isInstanceOf(InvalidInputException.class);
    }
}
