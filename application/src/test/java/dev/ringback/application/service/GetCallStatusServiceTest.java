package dev.ringback.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.application.port.in.GetCallStatusUseCase.CallStatusView;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.call.CallStatus;
import dev.ringback.domain.delivery.DeliveryKind;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class GetCallStatusServiceTest {
    private final World world = new World();

    private GetCallStatusService service() {
        return new GetCallStatusService(world.calls, world.deliveries);
    }

    @Test
    void anInitiatedCallHasNoDeliveries() {
        CallRecord call = world.placeQueued("bland-1", Optional.empty());
        CallStatusView view = service().status(world.user, call.id().value()).orElseThrow();
        assertThat(view.call()).isEqualTo(call);
        assertThat(view.call().status()).isEqualTo(CallStatus.INITIATED);
        assertThat(view.deliveries()).isEmpty();
    }

    @Test
    void anEndedCallShowsItsDeliveries() {
        CallRecord call = world.placeQueued("bland-1", Optional.empty());
        world.outcomes().record(World.report("bland-1", Optional.of(call.id()), World.completed(60, "user: hi", "ok")));
        world.delivery().deliverDue(1);

        CallStatusView view = service().status(world.user, call.id().value()).orElseThrow();

        assertThat(view.call().status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(view.deliveries()).extracting(d -> d.kind())
                .containsExactlyInAnyOrder(DeliveryKind.NOTIFICATION, DeliveryKind.TRANSCRIPT);
        assertThat(view.deliveries()).isEqualTo(world.deliveries.findByCall(call.id()));
    }

    @Test
    void theProvidersIdFindsTheCallToo() {
        CallRecord call = world.placeQueued("0f6a3f5e-1111-2222-3333-444455556666", Optional.empty());
        assertThat(service().status(world.user, "0f6a3f5e-1111-2222-3333-444455556666"))
                .hasValueSatisfying(view -> assertThat(view.call().id()).isEqualTo(call.id()));
    }

    @Test
    void anotherUsersCallIsNotFound() {
        CallRecord call = world.placeQueued("bland-1", Optional.empty());
        assertThat(service().status(new UserId("intruder"), call.id().value())).isEmpty();
        assertThat(service().status(new UserId("intruder"), "bland-1")).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"no-such-call", "../etc/passwd", "' OR 1=1 --", "é"})
    void unknownOrMalformedIdsAreNotFound(String id) {
        world.placeQueued("bland-1", Optional.empty());
        assertThat(service().status(world.user, id)).isEmpty();
    }

    @Test
    void anOverlongIdIsNotFound() {
        assertThat(service().status(world.user, "x".repeat(129))).isEmpty();
    }
}
