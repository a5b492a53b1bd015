package org.igdlab.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lab qualify}'s input checks, which refuse before any host is touched. */
class QualifyCommandTest {

    @TempDir
    Path tmp;

    private PlanCommandTest.Run qualify(String... more) throws Exception {
        Files.createDirectories(tmp.resolve("runs/base/allure-results"));
        String[] base = {"qualify", "--inventory", "../lab-inventory/twin.yaml", "--artifacts", "../lab-inventory/artifacts.yaml",
            "--expectations", "../scenarios/expectations.yaml", "--reports", tmp.toString(), "--no-html"};
        String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return PlanCommandTest.run(args);
    }

    @Test
    void helpTeachesTheKindsTheConfirmationAndTheExitStatuses() {
        PlanCommandTest.Run r = PlanCommandTest.run("qualify", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("--candidate=KIND=ARTIFACT").contains("qemu, seabios, ovmf or efi-oprom")
                .contains("second host of its generation").contains("1  NOT QUALIFIED").contains("3  no regression found");
    }

    @Test
    void anUnknownCandidateKindIsBadInputListingTheKinds() throws Exception {
        PlanCommandTest.Run r = qualify("--suite", "../scenarios/suites/release.yaml", "--candidate", "bios=seabios-1.17.0",
                "--baseline", "base");
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("kind 'bios' is not one of [qemu, seabios, ovmf, efi-oprom]");
    }

    @Test
    void aMissingBaselineIsBadInputNamingWhereItLooked() throws Exception {
        PlanCommandTest.Run r = qualify("--suite", "../scenarios/suites/release.yaml", "--candidate", "qemu=qemu-10.2.0",
                "--baseline", "nightly-0");
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--baseline nightly-0: no run nightly-0 under " + tmp.resolve("runs").toAbsolutePath());
    }

    @Test
    void theSuiteMustBeNamed() throws Exception {
        PlanCommandTest.Run r = qualify("--candidate", "qemu=qemu-10.2.0", "--baseline", "base");
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("qualify needs --suite FILE");
    }

    @Test
    void aCandidateNoHostHasIsRefusedBeforeAnythingRuns() throws Exception {
        // of the twin fleet only snb-01 has qemu-5.0.1
        PlanCommandTest.Run r = qualify("--suite", "../scenarios/suites/release.yaml", "--candidate", "qemu=qemu-5.0.1",
                "--baseline", "base");
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("the candidate builds must be installed on every host that runs cells")
                .contains("hsw-01 lacks qemu-5.0.1").contains("mtl-01 lacks qemu-5.0.1").doesNotContain("snb-01 lacks");
        assertThat(tmp.resolve("runs")).isDirectoryNotContaining(p -> !p.getFileName().toString().equals("base"));
    }
}
