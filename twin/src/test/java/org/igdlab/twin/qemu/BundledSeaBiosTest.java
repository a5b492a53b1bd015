package org.igdlab.twin.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** igd-model.md §3: the SeaBIOS bundled with each QEMU release. */
class BundledSeaBiosTest {
    @ParameterizedTest(name = "QEMU {0} bundles SeaBIOS {1}")
    @CsvSource({"2.7.0,1.9.3", "2.8.1,1.10.1", "2.9.0,1.10.2", "3.0.0,1.11.2", "4.0.0,1.12.1", "5.0.0,1.13.0", "6.0.0,1.14.0",
            "7.0.0,1.16.0", "8.0.0,1.16.2", "9.0.0,1.16.3", "9.2.4,1.16.3", "10.0.3,1.16.3", "10.1.2,1.17.0", "10.2.0,1.17.0"})
    void picksTheSeaBiosTheReleaseShips(String qemu, String seabios) {
        assertThat(BundledSeaBios.forQemu(qemu)).isEqualTo(seabios);
    }
}
