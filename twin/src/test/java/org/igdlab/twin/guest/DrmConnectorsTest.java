package org.igdlab.twin.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** /sys/class/drm of the twin guest, as ls and cat show it through guest-exec. */
class DrmConnectorsTest {

    @Test
    void withAVbtI915RegistersTheBoardsConnectorsAndHdmiCarriesTheMonitor() {
        VirtualGuest guest = new VirtualGuest(List.of(), "6.12.48+deb13-amd64");
        guest.drmProbed(true, true);

        assertThat(guest.exec("ls", List.of("/sys/class/drm")).stdout())
                .isEqualTo("card0\ncard0-DP-1\ncard0-HDMI-A-1\nrenderD128\n");
        assertThat(guest.exec("cat", List.of("/sys/class/drm/card0-HDMI-A-1/status")).stdout()).isEqualTo("connected\n");
        assertThat(guest.exec("/bin/cat", List.of("/sys/class/drm/card0-DP-1/status")).stdout()).isEqualTo("disconnected\n");
    }

    @Test
    void withoutAMonitorEveryConnectorIsDisconnected() {
        VirtualGuest guest = new VirtualGuest(List.of(), "6.12.48+deb13-amd64");
        guest.drmProbed(true, false);

        assertThat(guest.exec("cat", List.of("/sys/class/drm/card0-HDMI-A-1/status")).stdout()).isEqualTo("disconnected\n");
    }

    @Test
    void withoutAVbtThereAreNoConnectorsAndBeforeI915ThereIsNoDrmAtAll() {
        VirtualGuest guest = new VirtualGuest(List.of(), "6.12.48+deb13-amd64");
        assertThat(guest.exec("ls", List.of("/sys/class/drm")).exitCode()).isEqualTo(2);

        guest.drmProbed(false, true);
        assertThat(guest.exec("ls", List.of("/sys/class/drm")).stdout()).isEqualTo("card0\nrenderD128\n");
        ExecResult missing = guest.exec("cat", List.of("/sys/class/drm/card0-HDMI-A-1/status"));
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr()).contains("No such file or directory");
    }
}
