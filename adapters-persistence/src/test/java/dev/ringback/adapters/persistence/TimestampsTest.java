package dev.ringback.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimestampsTest {
    /** The pattern the stored text has always had; the hand-built text must match it exactly. */
    private static final DateTimeFormatter PATTERN =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final long FIRST = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long LAST = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

    @Test
    void formatsAsThePatternForAnyStorableInstant() {
        Random random = new Random(20261126);
        for (int i = 0; i < 50_000; i++) {
            long second = FIRST + (long) (random.nextDouble() * (LAST - FIRST));
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant at = Instant.ofEpochSecond(second, nano);
            assertThat(Timestamps.format(at)).isEqualTo(PATTERN.format(at));
        }
        for (String edge : new String[] {"0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
                "2024-02-29T23:59:59.000000001Z", "1970-01-01T00:00:00Z", "2026-11-26T07:05:09.120Z"}) {
            Instant at = Instant.parse(edge);
            assertThat(Timestamps.format(at)).isEqualTo(PATTERN.format(at));
            assertThat(Timestamps.parse(Timestamps.format(at))).isEqualTo(at);
        }
    }

    @Test
    void readsBackWhatItWritesAndAnyOtherIsoTextAsInstantParseDoes() {
        Random random = new Random(20261127);
        for (int i = 0; i < 50_000; i++) {
            long second = FIRST + (long) (random.nextDouble() * (LAST - FIRST));
            Instant at = Instant.ofEpochSecond(second, random.nextInt(1_000_000_000));
            assertThat(Timestamps.parse(Timestamps.format(at))).isEqualTo(at);
        }
        for (String other : new String[] {"2026-11-26T07:05:09Z", "2026-11-26T07:05:09.12Z", "2026-11-26T07:05:09.123456Z"}) {
            assertThat(Timestamps.parse(other)).isEqualTo(Instant.parse(other));
        }
        assertThat(Timestamps.parseNullable(null)).isEmpty();
        assertThat(Timestamps.parseNullable("2026-11-26T07:05:09.000000001Z"))
                .contains(Instant.parse("2026-11-26T07:05:09.000000001Z"));
    }

    @Test
    void refusesTextThatIsNoInstantLikeInstantParse() {
        for (String bad : new String[] {"2026-13-26T07:05:09.000000000Z", "2026-02-30T07:05:09.000000000Z",
                "2026-11-26T24:05:09.000000000Z", "2026-11-26 07:05:09.000000000Z", "2026-11-26T07:05:09.00000000xZ", ""}) {
            assertThatThrownBy(() -> Timestamps.parse(bad)).as(bad).isInstanceOf(java.time.DateTimeException.class);
        }
    }

    @Test
    void refusesInstantsOutsideFourDigitYears() {
        assertThatThrownBy(() -> Timestamps.format(Instant.parse("0000-01-01T00:00:00Z").minusNanos(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Timestamps.format(Instant.parse("9999-12-31T23:59:59.999999999Z").plusNanos(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
