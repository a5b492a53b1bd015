package org.igdlab.runner.inventory;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GenerationTest {

    @Test
    void everyListedDeviceIdMapsBackToItsOwnGeneration() {
        for (Generation g : Generation.values()) {
            for (int id : g.knownDeviceIds()) {
                assertThat(Generation.forDeviceId(id)).as("%04x", id).hasValue(g);
            }
        }
    }

    @Test
    void usesTheQemuMasksOnlyWhereTheyNameOneGeneration() {
        assertThat(Generation.forDeviceId(0x3E9B)).hasValue(Generation.COFFEE_LAKE);
        assertThat(Generation.forDeviceId(0x5A85)).hasValue(Generation.APOLLO_LAKE);
        assertThat(Generation.forDeviceId(0x0A2E)).hasValue(Generation.HASWELL);
        assertThat(Generation.forDeviceId(0x0131)).isEmpty();   // Sandy or Ivy Bridge: the mask cannot tell
        assertThat(Generation.forDeviceId(0x56A0)).isEmpty();   // Arc DG2, a discrete GPU
    }

    @Test
    void carriesQemusGenerationAndBdsmRegisterFromTheTable() {
        assertThat(Generation.IVY_BRIDGE.qemuGen()).isEqualTo(6);
        assertThat(Generation.AMBER_LAKE.qemuGen()).isEqualTo(-1);
        assertThat(Generation.ICE_LAKE.bdsmRegister()).isEqualTo(Generation.BdsmRegister.QWORD_C0);
        assertThat(Generation.METEOR_LAKE.bdsmRegister()).isEqualTo(Generation.BdsmRegister.NONE);
        assertThat(Generation.ids()).hasSize(26).startsWith("sandy-bridge").endsWith("panther-lake");
    }

    @Test
    void anUnknownIdIsRefusedListingTheAllowedOnes() {
        assertThatThrownBy(() -> Generation.fromId("kabylake")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'kabylake'").hasMessageContaining("kaby-lake");
    }
}
