package org.igdlab.twin.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.igdlab.twin.igd.ConfigSpace;
import org.igdlab.twin.igd.PciAddress;
import org.igdlab.twin.igd.PciConfigAccess;
import org.junit.jupiter.api.Test;

class LspciTest {
    static PciConfigAccess device(PciAddress at, int deviceId, int classCode) {
        ConfigSpace c = new ConfigSpace();
        c.write(0, 2, 0x8086);
        c.write(2, 2, deviceId);
        c.write(9, 1, classCode & 0xff);
        c.write(0xa, 2, classCode >> 8);
        c.write(0xfc, 4, 0xbfffe000L);
        c.write(0xff0, 1, 0xab);
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

    final VirtualGuest guest = new VirtualGuest(List.of(device(PciAddress.IGD, 0x3e92, 0x030000),
            device(new PciAddress(0, 3, 0), 0x0412, 0x038000)), "6.12");

    @Test
    void dumpsTheWholeConfigSpaceInLspciFormat() {
        ExecResult r = guest.exec("/usr/bin/lspci", List.of("-xxxx", "-s", "00:02.0"));
        List<String> lines = r.stdout().lines().toList();
        assertThat(lines.get(0)).isEqualTo("00:02.0 VGA compatible controller: Intel Corporation Device 3e92");
        assertThat(lines.get(1)).isEqualTo("00: 86 80 92 3e 00 00 00 00 00 00 00 03 00 00 00 00");
        assertThat(lines.get(16)).isEqualTo("f0: 00 00 00 00 00 00 00 00 00 00 00 00 00 e0 ff bf");
        assertThat(lines.get(17)).startsWith("100: ");
        assertThat(lines.get(256)).isEqualTo("ff0: ab 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00");
        assertThat(lines).hasSize(258);
        assertThat(lines.get(257)).isEmpty();
    }

    @Test
    void namesADisplayClassDeviceADisplayController() {
        assertThat(guest.exec("lspci", List.of("-s", "00:03.0")).stdout())
                .isEqualTo("00:03.0 Display controller: Intel Corporation Device 0412\n");
    }

    @Test
    void printsNothingForADeviceThatIsNotThere() {
        ExecResult r = guest.exec("/sbin/lspci", List.of("-xxxx", "-s", "00:1f.0"));
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void anyOtherCommandIsNotFound() {
        assertThat(guest.exec("/usr/bin/setpci", List.of()).exitCode()).isEqualTo(127);
    }
}
