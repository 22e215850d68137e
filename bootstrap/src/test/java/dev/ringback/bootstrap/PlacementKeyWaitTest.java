package dev.ringback.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.application.service.PlaceCallOnceService;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A repeat with the same Idempotency-Key waits for the first request's answer. The Bland client
 * may wait twice BLAND_REQUEST_TIMEOUT for Bland's answer (40 s by default): a repeat that gave up
 * sooner was told "not finished, check your recent calls or use a new key" while the first
 * request was still legitimately waiting, and would then have its answer a few seconds later.
 */
class PlacementKeyWaitTest {
    private static RingbackConfig config(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(extra);
        env.put("RINGBACK_TELEPHONY", "simulated");
        return RingbackConfig.fromEnvironment(env);
    }

    @Test
    void withTheDefaultTimeoutARepeatWaitsLongerThanBlandsAnswerMayTake() {
        RingbackConfig config = config(Map.of());

        assertThat(CoreModule.placementKeyWait(config)).isGreaterThan(config.bland().requestTimeout().multipliedBy(2));
    }

    @Test
    void aLongerBlandTimeoutLengthensTheWait() {
        assertThat(CoreModule.placementKeyWait(config(Map.of("BLAND_REQUEST_TIMEOUT", "60s"))))
                .isGreaterThan(Duration.ofSeconds(120));
    }

    @Test
    void aShortBlandTimeoutKeepsTheLeastWait() {
        assertThat(CoreModule.placementKeyWait(config(Map.of("BLAND_REQUEST_TIMEOUT", "1s"))))
                .isEqualTo(PlaceCallOnceService.WAIT_FOR_FIRST);
    }
}
