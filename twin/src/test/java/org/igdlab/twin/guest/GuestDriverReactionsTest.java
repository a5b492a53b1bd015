package org.igdlab.twin.guest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Set;
import org.igdlab.twin.fault.Fault;
import org.igdlab.twin.fault.Faults;
import org.igdlab.twin.igd.ConfigSpace;
import org.igdlab.twin.igd.PciAddress;
import org.igdlab.twin.igd.PciConfigAccess;
import org.junit.jupiter.api.Test;

/**
 * The guest drivers' reactions to what they read (igd-model.md §5.3 for Linux, §5.4 / F8 for
 * Windows), with register values written out here: the Linux guest's dmesg lines and the Windows
 * guest's adapter status as the lab's PowerShell query prints it.
 */
class GuestDriverReactionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long HOST_ASLS = 0x8a3a4018L;
    /** Coffee Lake host GGC: GMS 0x02 in bits 15:8 → 64 MiB. */
    private static final long HOST_GGC = 0x02c1;
    private static final String QUERY = "$a = Get-CimInstance Win32_PnPEntity; $v = Get-CimInstance Win32_VideoController; "
            + "$m = Get-CimInstance -Namespace root/wmi WmiMonitorID; @{} | ConvertTo-Json";

    private static PciConfigAccess igd(PciAddress at, int deviceId, long asls, long bdsm, long bdsm64, long ggc) {
        ConfigSpace c = new ConfigSpace();
        c.write(0, 2, 0x8086);
        c.write(2, 2, deviceId);
        c.write(0x9, 1, 0x00);
        c.write(0xa, 2, 0x0300);
        c.write(0x50, 2, ggc);
        c.write(0x5c, 4, bdsm);
        c.write(0xc0, 8, bdsm64);
        c.write(0xfc, 4, asls);
        return new PciConfigAccess() {
            public PciAddress address() {
                return at;
            }

            public long read(int offset, int width) {
                return c.read(offset, width);
            }

            public void write(int offset, int width, long value) {
                c.write(offset, width, value);
            }
        };
    }

    private static List<String> dmesg(PciConfigAccess device, Faults faults) {
        VirtualGuest guest = new VirtualGuest(List.of(device), "6.12.48+deb13-amd64");
        guest.driversProbed(HOST_ASLS, HOST_GGC, false, faults);
        ExecResult r = guest.exec("dmesg", List.of());
        assertThat(r.exitCode()).isZero();
        return r.stdout().lines().toList();
    }

    @Test
    void aFirmwarePlacedOpRegionAndStolenMemoryGiveTheReservingLineAndNoVbtComplaint() {
        List<String> log = dmesg(igd(PciAddress.IGD, 0x3e92, 0x7fffe000L, 0x7b800001L, 0, HOST_GGC), Faults.none());

        assertThat(log).anyMatch(l -> l.endsWith("Command line: BOOT_IMAGE=/boot/vmlinuz-6.12.48+deb13-amd64 root=/dev/vda1 ro console=ttyS0 drm.debug=0x2"));
        // 0x7b800000 + 64 MiB − 1
        assertThat(log).anyMatch(l -> l.endsWith("Reserving Intel graphics memory at [mem 0x7b800000-0x7f7fffff]"));
        assertThat(log).anyMatch(l -> l.endsWith("i915 0000:00:02.0: [drm:intel_opregion_setup [i915]] graphic opregion physical addr: 0x7fffe000"));
        assertThat(log).noneMatch(l -> l.contains("Failed to find VBIOS tables"));
    }

    @Test
    void zeroAtFcIsNotSupportedAndTheHostAddressIsASignatureMismatchBothWithoutVbt() {
        List<String> zero = dmesg(igd(new PciAddress(0, 5, 0), 0x3e92, 0, 0, 0, HOST_GGC), Faults.none());
        assertThat(zero).anyMatch(l -> l.endsWith("i915 0000:00:05.0: [drm:intel_opregion_setup [i915]] ACPI OpRegion not supported!"));
        assertThat(zero).anyMatch(l -> l.endsWith("i915 0000:00:05.0: [drm] Failed to find VBIOS tables (VBT)"));
        assertThat(zero).as("BDSM 0: nothing to reserve").noneMatch(l -> l.contains("Reserving Intel graphics memory"));

        List<String> host = dmesg(igd(PciAddress.IGD, 0x3e92, HOST_ASLS, 0, 0, HOST_GGC), Faults.none());
        assertThat(host).anyMatch(l -> l.endsWith("opregion signature mismatch"));
        assertThat(host).anyMatch(l -> l.endsWith("[drm] Failed to find VBIOS tables (VBT)"));
    }

    @Test
    void gen11TakesTheStolenBaseFromTheQwordAt0xC0UnlessTheMutationReads0x5C() {
        // Ice Lake: 0xC0 never written, 0x5C holds what SeaBIOS wrote to the hardware
        PciConfigAccess icl = igd(PciAddress.IGD, 0x8a52, 0x7fffe000L, 0x7b800001L, 0, 0x05c1);
        assertThat(dmesg(icl, Faults.none())).noneMatch(l -> l.contains("Reserving Intel graphics memory"));
        // GMS 0x05 → 160 MiB
        assertThat(dmesg(icl, new Faults(Set.of(Fault.GUEST_EARLY_QUIRK_READS_0X5C))))
                .anyMatch(l -> l.endsWith("Reserving Intel graphics memory at [mem 0x7b800000-0x857fffff]"));
    }

    @Test
    void meteorLakeIsNotInTheEarlyQuirksTable() {
        assertThat(dmesg(igd(PciAddress.IGD, 0x7d55, 0x7fffe000L, 0, 0x80000000L, 0x0100), Faults.none()))
                .noneMatch(l -> l.contains("Reserving Intel graphics memory"));
    }

    private static JsonNode windows(PciConfigAccess device, long hostGgc, boolean monitor) throws Exception {
        VirtualGuest guest = VirtualGuest.windows(List.of(device));
        guest.driversProbed(HOST_ASLS, hostGgc, monitor, Faults.none());
        ExecResult r = guest.exec("powershell.exe", List.of("-NoProfile", "-NonInteractive", "-Command", QUERY));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return JSON.readTree(r.stdout());
    }

    private static int problem(JsonNode shown) {
        return shown.get("displayAdapters").get(0).get("ConfigManagerErrorCode").asInt();
    }

    @Test
    void aWindowsGuestWithOpRegionAndTheHostsStolenMemoryWorksAndShowsTheMonitor() throws Exception {
        JsonNode shown = windows(igd(PciAddress.IGD, 0x3e92, 0x7fffe000L, 0x7b800001L, 0, HOST_GGC), HOST_GGC, true);

        assertThat(problem(shown)).isZero();
        assertThat(shown.get("displayAdapters").get(0).get("Status").asText()).isEqualTo("OK");
        assertThat(shown.get("displayAdapters").get(0).get("PNPDeviceID").asText()).startsWith("PCI\\VEN_8086&DEV_3E92&").endsWith("&10");
        assertThat(shown.get("monitors")).hasSize(1);
        assertThat(shown.get("videoControllers").get(0).get("CurrentHorizontalResolution").asInt()).isEqualTo(1920);
    }

    @Test
    void code43ForEachCauseOfF8() throws Exception {
        // no OpRegion (0 or the host's address)
        assertThat(problem(windows(igd(PciAddress.IGD, 0x3e92, 0, 0x7b800001L, 0, HOST_GGC), HOST_GGC, true))).isEqualTo(43);
        assertThat(problem(windows(igd(PciAddress.IGD, 0x3e92, HOST_ASLS, 0x7b800001L, 0, HOST_GGC), HOST_GGC, true))).isEqualTo(43);
        // gen 9 with GMS 0
        assertThat(problem(windows(igd(PciAddress.IGD, 0x3e92, 0x7fffe000L, 0x7b800001L, 0, 0x00c1), HOST_GGC, false))).isEqualTo(43);
        // a DSM size other than the host's (GMS 0x10 = 512 MiB against the host's 64 MiB)
        assertThat(problem(windows(igd(PciAddress.IGD, 0x3e92, 0x7fffe000L, 0x7b800001L, 0, 0x10c1), HOST_GGC, false))).isEqualTo(43);
        // BDSM 0 at 0x5C (gen 9), and gen 11's 0xC0 never programmed
        assertThat(problem(windows(igd(PciAddress.IGD, 0x3e92, 0x7fffe000L, 0, 0, HOST_GGC), HOST_GGC, false))).isEqualTo(43);
        assertThat(problem(windows(igd(PciAddress.IGD, 0x8a52, 0x7fffe000L, 0x7b800001L, 0, HOST_GGC), HOST_GGC, false))).isEqualTo(43);
        // and with Code 43 no monitor, no mode
        JsonNode stopped = windows(igd(PciAddress.IGD, 0x3e92, 0, 0, 0, HOST_GGC), HOST_GGC, true);
        assertThat(stopped.get("monitors")).isEmpty();
        assertThat(stopped.get("videoControllers").get(0).get("CurrentHorizontalResolution").isNull()).isTrue();
    }

    @Test
    void meteorLakeKeepsItsStolenMemoryOutOfConfigSpace() throws Exception {
        assertThat(problem(windows(igd(PciAddress.IGD, 0x7d55, 0x7fffe000L, 0, 0, 0), 0, false))).isZero();
    }

    @Test
    void theWindowsGuestRunsLspciExeButNotLinuxCommandsOrOtherScripts() {
        VirtualGuest guest = VirtualGuest.windows(List.of(igd(PciAddress.IGD, 0x3e92, 0, 0, 0, HOST_GGC)));

        assertThat(guest.exec("C:\\igdlab\\pciutils\\lspci.exe", List.of("-s", "00:02.0")).stdout())
                .startsWith("00:02.0 VGA compatible controller: Intel Corporation Device 3e92");
        assertThat(guest.exec("dmesg", List.of()).exitCode()).isNotZero();
        assertThat(guest.exec("powershell.exe", List.of("-Command", "Get-Process")).stderr()).contains("only the lab's display query");
    }
}
