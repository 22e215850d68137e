package dev.ringback.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void onOneOrTwoCoresTheCommonPoolGetsTwoWorkers() {
        assertThat(Main.commonPoolParallelism(1, Optional.empty())).contains("2");
        assertThat(Main.commonPoolParallelism(2, Optional.empty())).contains("2");
    }

    @Test
    void moreCoresOrAnOperatorsSettingAreLeftAlone() {
        assertThat(Main.commonPoolParallelism(4, Optional.empty())).isEmpty();
        assertThat(Main.commonPoolParallelism(2, Optional.of("1"))).isEmpty();
    }
}
