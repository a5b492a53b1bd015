package org.igdlab.runner.quarantine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuarantineFileTest {

    private static final Instant SINCE = Instant.parse("2026-12-07T18:30:00Z");

    @TempDir
    Path dir;

    @Test
    void theStateLivesBesideTheInventoryAndSurvivesAReload() throws Exception {
        Path inventory = dir.resolve("twin.yaml");
        QuarantineFile file = QuarantineFile.besideInventory(inventory);
        file.quarantine(new QuarantineEntry("hsw-01", SINCE, "2 lab faults in a row"));

        assertThat(file.path()).isEqualTo(dir.resolve(".igdlab-state/quarantine.json"));
        assertThat(QuarantineFile.besideInventory(inventory).load())
                .containsExactlyEntriesOf(java.util.Map.of("hsw-01", new QuarantineEntry("hsw-01", SINCE, "2 lab faults in a row")));
    }

    @Test
    void releasingAHostRemovesOnlyThatHost() throws Exception {
        QuarantineFile file = QuarantineFile.besideInventory(dir.resolve("twin.yaml"));
        file.quarantine(new QuarantineEntry("hsw-01", SINCE, "a"));
        file.quarantine(new QuarantineEntry("snb-01", SINCE, "b"));

        assertThat(file.release("hsw-01")).map(QuarantineEntry::reason).contains("a");
        assertThat(file.release("hsw-01")).isEmpty();
        assertThat(file.load()).containsOnlyKeys("snb-01");
    }

    @Test
    void noFileMeansNoHostIsQuarantined() throws Exception {
        assertThat(QuarantineFile.besideInventory(dir.resolve("hosts.yaml")).load()).isEmpty();
    }

    @Test
    void anUnreadableFileSaysHowToRecover() throws Exception {
        QuarantineFile file = QuarantineFile.besideInventory(dir.resolve("twin.yaml"));
        Files.createDirectories(file.path().getParent());
        Files.writeString(file.path(), "{\"hosts\": [");

        assertThatThrownBy(file::load).isInstanceOf(IOException.class).hasMessageContaining("quarantine.json")
                .hasMessageContaining("delete it to release every host");
    }
}
