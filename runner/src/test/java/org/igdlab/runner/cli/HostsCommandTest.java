package org.igdlab.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.igdlab.runner.quarantine.QuarantineEntry;
import org.igdlab.runner.quarantine.QuarantineFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostsCommandTest {

    @TempDir
    Path dir;

    private Path inventory;

    @BeforeEach
    void copyTheTwinInventory() throws Exception {
        inventory = Files.copy(Path.of("../lab-inventory/twin.yaml"), dir.resolve("twin.yaml"));
    }

    private PlanCommandTest.Run hosts(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--inventory";
        all[args.length + 1] = inventory.toString();
        all[args.length + 2] = "--artifacts";
        all[args.length + 3] = "../lab-inventory/artifacts.yaml";
        return PlanCommandTest.run(all);
    }

    @Test
    void listsEveryHostOkWhenNoneIsQuarantined() {
        PlanCommandTest.Run r = hosts("hosts");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("(?m)^hsw-01 +haswell +ok$").containsPattern("(?m)^snb-01 +sandy-bridge +ok$");
    }

    @Test
    void aQuarantinedHostIsListedWithSinceWhenAndWhyUntilItIsReleased() throws Exception {
        QuarantineFile.besideInventory(inventory).quarantine(
                new QuarantineEntry("hsw-01", Instant.parse("2026-12-07T18:30:00Z"), "2 lab faults in a row, the last: EOF"));

        assertThat(hosts("hosts").out()).containsPattern(
                "(?m)^hsw-01 +haswell +quarantined since 2026-12-07T18:30:00Z because 2 lab faults in a row, the last: EOF$");

        PlanCommandTest.Run released = hosts("hosts", "release", "hsw-01");
        assertThat(released.exit()).as(released.err()).isZero();
        assertThat(released.out()).startsWith("released hsw-01 (it was quarantined since 2026-12-07T18:30:00Z");
        assertThat(hosts("hosts").out()).containsPattern("(?m)^hsw-01 +haswell +ok$");
    }

    @Test
    void releasingAnUnknownHostNamesTheKnownOnes() {
        PlanCommandTest.Run r = hosts("hosts", "release", "nope-01");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("no host 'nope-01' in").contains("its hosts are: snb-01, ").contains("hsw-01");
    }
}
