package org.igdlab.twin.igd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GenerationsTest {
    @ParameterizedTest(name = "device {0} is gen {1} for QEMU 10.x")
    @CsvSource({"0126,6", "0152,6", "0412,7", "0f31,7", "1616,8", "22b0,8", "1912,9", "0a84,9", "1a85,9", "5917,9",
            "591c,9", "3e92,9", "3e98,9", "9bc5,9", "3184,9", "8a52,11", "4e61,11", "9a49,12", "4c8a,12", "4682,12",
            "a780,12", "7d55,-1", "87c0,-1", "5a40,-1", "56a0,-1", "b640,-1"})
    void mapsDeviceIdsToGenerationsLikeQemu10(String id, int gen) {
        assertThat(new Qemu10GenerationTable().generationOf(Integer.parseInt(id, 16))).isEqualTo(gen);
    }

    @ParameterizedTest(name = "gen {0} ggc {1} -> {2} MiB")
    @CsvSource({"6,0x0211,64", "7,0x0211,64", "8,0x0200,64", "9,0x02c1,64", "9,0x01c1,32", "12,0xfec1,60", "9,0xf0c1,4", "-1,0x0000,0"})
    void decodesTheDsmSizeFromGgc(int gen, String ggc, long mib) {
        assertThat(DsmSize.bytes(gen, Long.decode(ggc))).isEqualTo(mib * 1024 * 1024);
    }
}
