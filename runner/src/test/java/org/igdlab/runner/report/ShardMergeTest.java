package org.igdlab.runner.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardMergeTest {

    @TempDir
    Path tmp;

    private Path shard(String name, String suite, String... generations) throws Exception {
        Path dir = tmp.resolve(name);
        SyntheticResults r = new SyntheticResults(dir, suite, 1_000);
        for (String g : generations) {
            r.cell(g, "q35", "ovmf", "upt", g + "-01", "passed", null);
        }
        Files.writeString(r.dir().resolve("environment.properties"), "suite=" + suite + "\n" + name + ".kernel=6.16\n");
        Files.writeString(r.dir().resolve(name + "-attachment.txt"), "log of " + name);
        Path junit = Files.createDirectories(dir.resolve("junit"));
        Files.writeString(junit.resolve("TEST-testng.xml"), "<testsuite name='" + name + "'/>");
        return dir;
    }

    @Test
    void joinsTheShardsResultsJunitAndEnvironmentIntoOneRunDirectory() throws Exception {
        Path a = shard("shard-1", "nightly", "kaby-lake", "coffee-lake");
        Path b = shard("shard-2", "nightly", "alder-lake");

        ShardMerge.Merged merged = ShardMerge.merge(List.of(a, b), tmp.resolve("merged"));

        assertThat(merged.suite()).isEqualTo("nightly");
        assertThat(merged.cells()).isEqualTo(3);
        Path results = tmp.resolve("merged/allure-results");
        assertThat(ResultFiles.read(results)).extracting(CellResult::cellId).containsExactlyInAnyOrder(
                "kaby-lake.q35.ovmf.upt", "coffee-lake.q35.ovmf.upt", "alder-lake.q35.ovmf.upt");
        assertThat(Files.readString(results.resolve("environment.properties")))
                .contains("shard-1.kernel=6.16").contains("shard-2.kernel=6.16").contains("suite=nightly");
        assertThat(Files.readString(results.resolve("shard-1-attachment.txt"))).isEqualTo("log of shard-1");
        assertThat(Files.readString(results.resolve("shard-2-attachment.txt"))).isEqualTo("log of shard-2");
        assertThat(tmp.resolve("merged/junit/shard-1-TEST-testng.xml")).exists();
        assertThat(tmp.resolve("merged/junit/shard-2-TEST-testng.xml")).exists();
    }

    @Test
    void refusesShardsOfDifferentSuitesNamingBoth() throws Exception {
        Path a = shard("shard-1", "nightly", "kaby-lake");
        Path b = shard("shard-2", "release", "alder-lake");

        assertThatThrownBy(() -> ShardMerge.merge(List.of(a, b), tmp.resolve("merged")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the shards are of different suites (" + a + " is suite nightly, " + b + " is suite release)");
        assertThat(tmp.resolve("merged")).doesNotExist();
    }

    @Test
    void refusesACellInTwoShardsNamingTheCellAndBothDirectories() throws Exception {
        Path a = shard("shard-1", "nightly", "kaby-lake", "coffee-lake");
        Path b = shard("shard-2", "nightly", "coffee-lake");

        assertThatThrownBy(() -> ShardMerge.merge(List.of(a, b), tmp.resolve("merged")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cell coffee-lake.q35.ovmf.upt is in both " + a + " and " + b);
        assertThat(tmp.resolve("merged")).doesNotExist();
    }

    @Test
    void refusesADirectoryWithoutResultsAndAnOutputThatHasResults() throws Exception {
        Path a = shard("shard-1", "nightly", "kaby-lake");
        Path b = shard("shard-2", "nightly", "alder-lake");
        Path empty = Files.createDirectories(tmp.resolve("not-a-run"));

        assertThatThrownBy(() -> ShardMerge.merge(List.of(a, empty), tmp.resolve("merged")))
                .hasMessageContaining("--merge " + empty + ": no allure-results in it");
        assertThatThrownBy(() -> ShardMerge.merge(List.of(a, b), a))
                .hasMessageContaining("--out " + a + " already has allure-results");
    }

    @Test
    void refusesTwoDifferentFilesOfTheSameNameBeforeWritingAnything() throws Exception {
        Path a = shard("shard-1", "nightly", "kaby-lake");
        Path b = shard("shard-2", "nightly", "alder-lake");
        Files.writeString(a.resolve("allure-results/same-attachment.txt"), "one");
        Files.writeString(b.resolve("allure-results/same-attachment.txt"), "two");

        assertThatThrownBy(() -> ShardMerge.merge(List.of(a, b), tmp.resolve("merged")))
                .hasMessageContaining("have the same name and different contents");
        assertThat(tmp.resolve("merged")).doesNotExist();
    }
}
