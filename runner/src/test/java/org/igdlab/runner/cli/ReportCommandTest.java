package org.igdlab.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {

    @TempDir
    Path tmp;

    private Path run(String name, String suite, String cell) throws Exception {
        Path results = Files.createDirectories(tmp.resolve(name).resolve("allure-results"));
        Files.writeString(results.resolve(name + "-result.json"), """
                {"uuid": "%s", "fullName": "%s.%s", "name": "%s", "status": "passed", "start": 1765100000000,
                 "stop": 1765100001000, "labels": [{"name": "suite", "value": "%s"}],
                 "parameters": [{"name": "host", "value": "kbl-01"}]}
                """.formatted(name, suite, cell, cell, suite));
        return tmp.resolve(name);
    }

    @Test
    void mergeJoinsShardsAndReportsTheMergedRun() throws Exception {
        Path a = run("shard-1", "nightly", "kaby-lake.q35.ovmf.upt");
        Path b = run("shard-2", "nightly", "alder-lake.q35.ovmf.upt");

        PlanCommandTest.Run r = PlanCommandTest.run("report", "--merge", a.toString(), b.toString(),
                "--out", tmp.resolve("merged").toString(), "--no-html");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("merged 2 shards of suite nightly: 2 cells into " + tmp.resolve("merged"));
        assertThat(tmp.resolve("merged/run.json")).content().contains("\"suite\" : \"nightly\"");
    }

    @Test
    void mergingShardsOfDifferentSuitesIsAUsageError() throws Exception {
        Path a = run("shard-1", "nightly", "kaby-lake.q35.ovmf.upt");
        Path b = run("shard-2", "release", "alder-lake.q35.ovmf.upt");

        PlanCommandTest.Run r = PlanCommandTest.run("report", "--merge", a.toString(), b.toString(),
                "--out", tmp.resolve("merged").toString(), "--no-html");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("the shards are of different suites");
    }

    @Test
    void outWithoutMergeAndOneShardAreUsageErrors() throws Exception {
        Path a = run("shard-1", "nightly", "kaby-lake.q35.ovmf.upt");

        PlanCommandTest.Run out = PlanCommandTest.run("report", "--out", tmp.resolve("x").toString(), "--no-html");
        assertThat(out.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(out.err()).contains("--out names where --merge writes");

        PlanCommandTest.Run one = PlanCommandTest.run("report", "--merge", a.toString(), "--no-html");
        assertThat(one.exit()).isEqualTo(ExitCodes.USAGE);
    }
}
