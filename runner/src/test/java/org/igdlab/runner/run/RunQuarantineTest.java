package org.igdlab.runner.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.igdlab.runner.quarantine.QuarantineFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunQuarantineTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T21:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private CellOutcome.Broken broken(String host, Optional<String> quarantine) {
        return new CellOutcome.Broken("cell-1", host, Duration.ofSeconds(3), "reboot into 6.12.9-igdlab",
                "host=" + host + " step='reboot into 6.12.9-igdlab': not back", quarantine);
    }

    @Test
    void aFailedPowerActionQuarantinesTheHostAtOnceAndSaysWhyInTheStateFile() throws Exception {
        QuarantineFile file = QuarantineFile.besideInventory(dir.resolve("twin.yaml"));
        StringWriter out = new StringWriter();
        RunQuarantine quarantine = new RunQuarantine(file, CLOCK, new PrintWriter(out, true));

        quarantine.record(broken("kbl-01", Optional.of("its power action failed: ipmitool exited 1")));

        assertThat(quarantine.hosts()).containsExactly("kbl-01");
        assertThat(file.load().get("kbl-01").reason()).isEqualTo("its power action failed: ipmitool exited 1");
        assertThat(out.toString()).contains("host kbl-01 quarantined: its power action failed");
    }

    @Test
    void anOrdinaryLabFaultWaitsForTheStreak() throws Exception {
        QuarantineFile file = QuarantineFile.besideInventory(dir.resolve("twin.yaml"));
        RunQuarantine quarantine = new RunQuarantine(file, CLOCK, new PrintWriter(new StringWriter(), true));

        quarantine.record(broken("kbl-01", Optional.empty()));
        assertThat(quarantine.hosts()).isEmpty();
        assertThat(file.load()).isEmpty();

        quarantine.record(broken("kbl-01", Optional.empty()));
        assertThat(quarantine.hosts()).containsExactly("kbl-01");
        assertThat(file.load().get("kbl-01").reason()).startsWith("2 lab faults in a row");
    }
}
