package org.igdlab.twin.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KernelIgdRegionsTest {
    @Test
    void aVgaClassIgdWithAnOpRegionGetsTheRegionsSinceLinux46() {
        assertThat(KernelIgdRegions.exposed("6.16.3-igdlab", 0x030000, 0x8a3a4018L)).isTrue();
        assertThat(KernelIgdRegions.exposed("4.6.0", 0x030000, 0x8a3a4018L)).isTrue();
        assertThat(KernelIgdRegions.exposed("4.5.7", 0x030000, 0x8a3a4018L)).isFalse();
    }

    @Test
    void aDisplayClassIgdGetsTheRegionsOnlyFromLinux615() {
        assertThat(KernelIgdRegions.exposed("6.14.2", 0x038000, 0x8a3a4018L)).isFalse();
        assertThat(KernelIgdRegions.exposed("6.15.0", 0x038000, 0x8a3a4018L)).isTrue();
    }

    @Test
    void noOpRegionAddressMeansNoRegions() {
        assertThat(KernelIgdRegions.exposed("6.16.3", 0x030000, 0)).isFalse();
        assertThat(KernelIgdRegions.exposed("6.16.3", 0x030000, 0xffffffffL)).isFalse();
    }
}
