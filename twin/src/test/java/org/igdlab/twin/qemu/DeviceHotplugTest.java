package org.igdlab.twin.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.igdlab.twin.guest.VirtualGuest;
import org.igdlab.twin.igd.ConfigSpace;
import org.igdlab.twin.igd.HostIgd;
import org.igdlab.twin.igd.PciAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QMP device_add of the host IGD into a running virtual QEMU (igd-model.md §2.3 step 2, §7.1 row
 * "hotplugged IGD"): the warning on stderr, no emulated registers, the device visible to the guest.
 */
class DeviceHotplugTest {
    static final long HOST_ASLS = 0x8a3a4018L;
    static final long HOST_BDSM = 0x8b800001L;

    @TempDir
    Path root;
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    final ObjectMapper json = new ObjectMapper();

    TestQemuHost host;

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    static HostIgd coffeeLake() {
        ConfigSpace c = new ConfigSpace();
        c.write(0x00, 2, 0x8086);
        c.write(0x02, 2, 0x3e92);
        c.write(0x0a, 2, 0x0300);
        c.write(0x50, 2, 0x02c1);
        c.write(0x5c, 4, HOST_BDSM);
        c.write(0xfc, 4, HOST_ASLS);
        byte[] opregion = new byte[8192];
        System.arraycopy("IntelGraphicsMem".getBytes(StandardCharsets.US_ASCII), 0, opregion, 0, 16);
        opregion[0x10] = 8;
        opregion[0x17] = 2;
        opregion[0x16] = 1;
        return new HostIgd(PciAddress.IGD, c, 0x20000, opregion, 0xa305, 0x10);
    }

    /** Starts QEMU 10.1 without the IGD, then sends {@code requests} to its QMP monitor; the replies. */
    List<JsonNode> startThenQmp(String machine, String... requests) throws IOException {
        Path cell = Files.createDirectories(root.resolve("cell"));
        List<String> argv = List.of("/usr/bin/qemu-system-x86_64", "-machine", machine + ",accel=kvm", "-nodefaults", "-vga", "none",
                "-qmp", "unix:qmp.sock,server=on,wait=off", "-chardev", "socket,id=qga0,path=qga.sock,server=on,wait=off",
                "-device", "virtio-serial-pci,id=vser0,addr=06.0",
                "-device", "virtserialport,bus=vser0.0,chardev=qga0,name=org.qemu.guest_agent.0");
        LaunchOutcome outcome = new VirtualQemu(host = new TestQemuHost(root, scheduler).withIgd(coffeeLake()), json).launch(4242, new Artifact("qemu-10.1.2", "qemu", "10.1.2"),
                argv, cell, cell.resolve("qemu.stderr"));
        assertThat(outcome).isInstanceOf(LaunchOutcome.Running.class);
        String in = "{\"execute\":\"qmp_capabilities\"}\n" + String.join("\n", requests) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        host.sockets.get(cell.resolve("qmp.sock").toString()).serve(new ByteArrayInputStream(in.getBytes(StandardCharsets.UTF_8)), out);
        List<JsonNode> replies = new ArrayList<>();
        for (var it = json.readerFor(JsonNode.class).readValues(out.toByteArray()); it.hasNext(); ) {
            JsonNode n = (JsonNode) it.next();
            if (n.has("return") || n.has("error")) replies.add(n);
        }
        return replies;
    }

    VirtualGuest guest() {
        return host.guest(root.resolve("cell"));
    }

    List<String> stderr() throws IOException {
        Path f = root.resolve("cell/qemu.stderr");
        return Files.exists(f) ? Files.readAllLines(f) : List.of();
    }

    @Test
    void aHotAddedIgdWarnsAndTheGuestReadsTheHostsRegisters() throws Exception {
        List<JsonNode> replies = startThenQmp("pc", "{\"execute\":\"device_add\",\"id\":7,\"arguments\":{\"driver\":\"vfio-pci\","
                + "\"host\":\"0000:00:02.0\",\"id\":\"igd\",\"bus\":\"pci.0\",\"addr\":\"02.0\",\"x-igd-opregion\":true}}");

        assertThat(replies.get(1).toString()).isEqualTo("{\"return\":{},\"id\":7}");
        assertThat(stderr()).containsExactly(
                "qemu-system-x86_64: warning: IGD device detected, but OpRegion is not supported on hotplugged device.");
        String lspci = guest().exec("lspci", List.of("-xxxx", "-s", "00:02.0")).stdout();
        // GGC (0x50), BDSM (0x5c) and ASLS (0xfc) pass through: the host's values, little-endian
        assertThat(lspci).startsWith("00:02.0 VGA compatible controller")
                .contains("\n50: c1 02 00 00 00 00 00 00 00 00 00 00 01 00 80 8b\n")
                .contains("\nf0: 00 00 00 00 00 00 00 00 00 00 00 00 18 40 3a 8a\n");
    }

    @Test
    void beforeDeviceAddTheGuestSeesNoIgd() throws Exception {
        startThenQmp("pc");

        assertThat(guest().exec("lspci", List.of("-xxxx", "-s", "00:02.0")).stdout()).isEmpty();
    }

    @Test
    void q35sRootBusRefusesHotplug() throws Exception {
        List<JsonNode> replies = startThenQmp("q35", "{\"execute\":\"device_add\",\"arguments\":{\"driver\":\"vfio-pci\","
                + "\"host\":\"0000:00:02.0\",\"bus\":\"pcie.0\",\"addr\":\"05.0\"}}");

        assertThat(replies.get(1).path("error").path("desc").asText()).isEqualTo("Bus 'pcie.0' does not support hotplugging");
        assertThat(guest().exec("lspci", List.of("-xxxx", "-s", "00:05.0")).stdout()).isEmpty();
    }

    @Test
    void aTakenSlotIsRefusedNamingItsOccupant() throws Exception {
        List<JsonNode> replies = startThenQmp("pc", "{\"execute\":\"device_add\",\"arguments\":{\"driver\":\"vfio-pci\","
                + "\"host\":\"0000:00:02.0\",\"bus\":\"pci.0\",\"addr\":\"06.0\"}}");

        assertThat(replies.get(1).path("error").path("desc").asText())
                .startsWith("PCI: slot 6 function 0 not available for vfio-pci, in use by virtio-serial-pci");
    }
}
