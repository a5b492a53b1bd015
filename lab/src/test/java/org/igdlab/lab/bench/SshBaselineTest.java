package org.igdlab.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Reading back what scripts/bench-ssh-baseline printed, and the medians the tables show. */
class SshBaselineTest {

    @Test
    void readsEachCellsTimeAndTheSshProcessesPerCell() throws IOException {
        SshBaseline.Result r = SshBaseline.parse(List.of(
                "cell baseline.a 6100 16",
                "cell baseline.b 5900 17",
                "total 12400 35"), Duration.ofMillis(12450), 2);

        assertThat(r.cellMillis()).containsExactly(6100L, 5900L);
        assertThat(r.sshPerCell()).isEqualTo(16.5);
        assertThat(r.wall()).isEqualTo(Duration.ofMillis(12450));
    }

    @Test
    void refusesARunThatReportedFewerCellsThanItWasGiven() {
        assertThatThrownBy(() -> SshBaseline.parse(List.of("cell baseline.a 6100 16", "total 6200 17"), Duration.ofSeconds(7), 3))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("reported 1 cells, expected 3");
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        CellTimes times = new CellTimes(List.of(10L, 1L, 3L, 2L));

        assertThat(times.median()).isEqualTo(2.5);
        assertThat(times.mean()).isEqualTo(4.0);
        assertThat(new CellTimes(List.of(7L, 1L, 100L)).median()).isEqualTo(7.0);
    }
}
