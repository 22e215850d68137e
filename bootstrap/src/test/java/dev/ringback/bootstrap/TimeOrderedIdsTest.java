package dev.ringback.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {
    @Test
    void idsAreVersionSevenUuidsCarryingTheMillisecond() {
        long at = 1_795_651_200_123L;
        String id = new TimeOrderedIds(() -> at).newId();

        UUID uuid = UUID.fromString(id);
        assertThat(id).hasSize(36).isEqualTo(uuid.toString());
        assertThat(uuid.version()).isEqualTo(7);
        assertThat(uuid.variant()).isEqualTo(2);
        assertThat(uuid.getMostSignificantBits() >>> 16).isEqualTo(at);
    }

    @Test
    void idsOfLaterMillisecondsSortAfterEarlierOnesAsText() {
        AtomicLong clock = new AtomicLong(1_795_651_200_000L);
        TimeOrderedIds ids = new TimeOrderedIds(clock::getAndIncrement);
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            made.add(ids.newId());
        }

        assertThat(made).isSorted();
    }

    @Test
    void idsOfTheSameMillisecondDifferInTheirRandomBits() {
        TimeOrderedIds ids = new TimeOrderedIds(() -> 1_795_651_200_000L);
        Set<String> made = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            made.add(ids.newId());
        }

        assertThat(made).hasSize(100_000);
    }

    /** All 74 random bits are random: each takes both values over a thousand ids, and no other bit does. */
    @Test
    void everyRandomBitVariesAndNothingElse() {
        TimeOrderedIds ids = new TimeOrderedIds(() -> 1_795_651_200_000L);
        long mostOnes = 0;
        long mostZeros = 0;
        long leastOnes = 0;
        long leastZeros = 0;
        for (int i = 0; i < 1_000; i++) {
            UUID uuid = UUID.fromString(ids.newId());
            mostOnes |= uuid.getMostSignificantBits();
            mostZeros |= ~uuid.getMostSignificantBits();
            leastOnes |= uuid.getLeastSignificantBits();
            leastZeros |= ~uuid.getLeastSignificantBits();
        }

        assertThat(mostOnes & mostZeros).as("bits of the first half that varied").isEqualTo(0x0FFFL);
        assertThat(leastOnes & leastZeros).as("bits of the second half that varied").isEqualTo(0x3FFF_FFFF_FFFF_FFFFL);
    }
}
