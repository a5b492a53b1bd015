package org.igdlab.twin.igd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** igd-model.md §2.2 "Older tables" and the (A / B) column of §6. */
class GenerationsOfOlderBandsTest {
    @ParameterizedTest(name = "device {0} is gen {1} for QEMU 2.7-9.1 and {2} for 9.2")
    @CsvSource({"0126,6,6", "0152,6,6", "0412,6,6", "0f31,6,6", "1616,8,8", "22b0,8,8", "1912,8,8", "0a84,8,8",
            "1a84,8,8", "1a85,8,-1", "5a85,8,-1", "5917,8,8", "87c0,8,-1", "3184,8,-1", "3e92,8,9", "9bc5,8,-1",
            "5a40,8,-1", "8a52,8,-1", "4541,8,11", "4e61,8,-1", "9a49,8,12", "4c8a,8,-1", "4680,8,-1", "46d0,8,-1",
            "a780,8,-1", "7d55,8,-1", "2a42,-1,-1", "a011,-1,-1"})
    void mapsDeviceIdsLikeTheOldTables(String id, int bandA, int bandB) {
        int device = Integer.parseInt(id, 16);
        assertThat(new Qemu27GenerationTable().generationOf(device)).isEqualTo(bandA);
        assertThat(new Qemu92GenerationTable().generationOf(device)).isEqualTo(bandB);
    }
}
