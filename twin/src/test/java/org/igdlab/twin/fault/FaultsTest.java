package org.igdlab.twin.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FaultsTest {

    @Test
    void readsBareNamesAndNamesWithParameters() {
        Faults f = Faults.parse(List.of("slow-reboot", "guest-hang",
                Map.of("qemu-crash", Map.of("after-ms", 50)),
                Map.of("dmar-storm", Map.of("lines", 9)),
                Map.of("unreachable", Map.of("close-after-ms", 3000))));
        assertThat(f.active()).containsExactlyInAnyOrder(Fault.SLOW_REBOOT, Fault.GUEST_HANG, Fault.QEMU_CRASH,
                Fault.DMAR_STORM, Fault.UNREACHABLE);
        assertThat(f.setting(QemuCrash.class)).contains(new QemuCrash(Duration.ofMillis(50)));
        assertThat(f.setting(DmarStorm.class)).contains(new DmarStorm(9));
        assertThat(f.setting(Unreachable.class)).contains(new Unreachable(Optional.of(Duration.ofSeconds(3))));
    }

    @Test
    void bareParameterisedFaultsTakeTheirDefaults() {
        Faults f = Faults.parse(List.of("qemu-crash", "dmar-storm", "unreachable"));
        assertThat(f.setting(QemuCrash.class)).contains(new QemuCrash(QemuCrash.DEFAULT_AFTER));
        assertThat(f.setting(DmarStorm.class)).contains(new DmarStorm(DmarStorm.DEFAULT_LINES));
        assertThat(f.setting(Unreachable.class)).contains(new Unreachable(Optional.empty()));
        assertThat(new Faults(Set.of(Fault.QEMU_CRASH)).setting(QemuCrash.class)).isPresent();
    }

    @Test
    void aFlakyVerbFailsItsFirstNCallsOnlyAndOtherVerbsNever() {
        Faults f = Faults.parse(List.of(Map.of("flaky", Map.of("verb", "facts", "failures", 2))));
        assertThat(f.transientFailure("bind")).isEmpty();
        assertThat(f.transientFailure("facts")).contains("injected transient failure 1 of 2");
        assertThat(f.transientFailure("facts")).contains("injected transient failure 2 of 2");
        assertThat(f.transientFailure("facts")).isEmpty();
    }

    @Test
    void aDroppedConnectionHitsOnlyTheNthCallOfItsVerb() {
        Faults f = Faults.parse(List.of(Map.of("drop-connection", Map.of("verb", "launch", "after", 2))));
        assertThat(f.dropsConnection("facts")).isFalse();
        assertThat(f.dropsConnection("launch")).isFalse();
        assertThat(f.dropsConnection("launch")).isTrue();
        assertThat(f.dropsConnection("launch")).isFalse();
    }

    @Test
    void refusesUnknownNamesParametersAndVerbsWithWhatIsKnown() {
        assertThatThrownBy(() -> Faults.parse(List.of("gremlins"))).hasMessageContaining("unknown fault 'gremlins'")
                .hasMessageContaining("dmar-storm");
        assertThatThrownBy(() -> Faults.parse(List.of(Map.of("qemu-crash", Map.of("after", 5)))))
                .hasMessageContaining("unknown parameter(s) [after]").hasMessageContaining("after-ms");
        assertThatThrownBy(() -> Faults.parse(List.of(Map.of("flaky", Map.of("verb", "fact")))))
                .hasMessageContaining("'fact' is not an agent verb").hasMessageContaining("facts");
        assertThatThrownBy(() -> Faults.parse(List.of(Map.of("drop-connection", Map.of()))))
                .hasMessageContaining("needs 'verb'");
        assertThatThrownBy(() -> Faults.parse(List.of(Map.of("slow-reboot", Map.of("factor", 3)))))
                .hasMessageContaining("it takes none");
        assertThatThrownBy(() -> Faults.parse(List.of(Map.of("dmar-storm", Map.of("lines", -1)))))
                .hasMessageContaining("lines (-1) must be a whole number of at least 1");
        assertThatThrownBy(() -> Faults.parse(List.of(42))).hasMessageContaining("expected a fault name or {name: {parameter: value}}");
    }

    @Test
    void aDmarStormWritesTheKernelsTwoLineFormatWalkingPageByPage() {
        List<String> lines = new DmarStorm(5).lines("00:02.0");
        assertThat(lines).containsExactly(
                "DMAR: DRHD: handling fault status reg 3",
                "DMAR: [DMA Read NO_PASID] Request device [00:02.0] fault addr 0xb4000000 [fault reason 0x06] PTE Read access is not set",
                "DMAR: DRHD: handling fault status reg 3",
                "DMAR: [DMA Read NO_PASID] Request device [00:02.0] fault addr 0xb4001000 [fault reason 0x06] PTE Read access is not set",
                "DMAR: DRHD: handling fault status reg 3");
    }

    @Test
    void aSegfaultLineTruncatesTheCommandNameAsTheKernelDoes() {
        assertThat(QemuCrash.dmesgLine("qemu-system-x86_64", 4201))
                .startsWith("qemu-system-x86[4201]: segfault at 8 ip ").endsWith(" in qemu-system-x86_64[55d3c3e00000+6b2000]");
    }
}
