package org.igdlab.twin.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.igdlab.twin.host.CommandResult;
import org.igdlab.twin.host.HostSpec;
import org.igdlab.twin.host.VirtualHost;
import org.junit.jupiter.api.Test;

/**
 * Every host of twin.yaml through every nightly-suite combination of machine, firmware, mode and
 * x-igd-opregion: QEMU either runs or exits with QEMU-style messages; the twin never fails itself.
 */
class NightlyMatrixSweepTest {
    static final String AGENT = "/var/lib/igdlab/bin/igdlab-agent";

    @Test
    void everyCellOfTheNightlyMatrixRunsOrFailsTheWayQemuFails() throws Exception {
        List<HostSpec> specs = new FleetReader().read(TwinFleetIT.TWIN_YAML, TwinFleetIT.ARTIFACTS_YAML, Duration.ZERO);
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        int cells = 0;
        try {
            for (HostSpec spec : specs) {
                try (VirtualHost host = new VirtualHost(spec, timers)) {
                    Files.writeString(host.path(AGENT), "IGDLAB_AGENT_PROTOCOL=1\n");
                    assertThat(host.exec(List.of(AGENT, "bind", spec.igd().bdf()), () -> new byte[0]).exitCode()).isZero();
                    for (String machine : List.of("pc", "q35")) {
                        for (String firmware : List.of("seabios", "ovmf")) {
                            for (String mode : List.of("legacy", "upt")) {
                                for (String opregion : List.of("on", "off", "default")) {
                                    String cell = spec.name() + "-" + machine + "-" + firmware + "-" + mode + "-" + opregion;
                                    CommandResult launch = host.exec(List.of(AGENT, "launch", cell),
                                            () -> args(spec, machine, firmware, mode, opregion).getBytes(StandardCharsets.UTF_8));
                                    assertThat(launch.exitCode()).as(cell + ": " + launch.stdout() + launch.stderr()).isZero();
                                    String stderr = Files.readString(host.path("/var/lib/igdlab/cells/" + cell + "/qemu.stderr"));
                                    assertThat(stderr).as(cell).doesNotContain("igdlab twin", "internal error");
                                    if (launch.stdout().contains("state=exited")) {
                                        assertThat(stderr.lines()).as(cell).isNotEmpty().allMatch(l -> l.startsWith("qemu-system-x86_64: "));
                                    } else {
                                        assertThat(launch.stdout()).as(cell).contains("state=running");
                                    }
                                    host.exec(List.of(AGENT, "stop", cell), () -> new byte[0]);
                                    cells++;
                                }
                            }
                        }
                    }
                }
            }
        } finally {
            timers.shutdownNow();
        }
        assertThat(cells).isEqualTo(specs.size() * 24);
    }

    static String args(HostSpec spec, String machine, String firmware, String mode, String opregion) {
        List<String> a = new ArrayList<>(List.of("/usr/bin/qemu-system-x86_64", "-machine", machine, "-m", "4G",
                "-nodefaults", "-display", "none"));
        if (firmware.equals("seabios")) {
            a.addAll(List.of("-bios", "/usr/share/seabios/bios.bin"));
        } else {
            a.addAll(List.of("-drive", "if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd"));
        }
        StringBuilder vfio = new StringBuilder("vfio-pci,host=" + spec.igd().bdf() + ",addr=02.0");
        vfio.append(mode.equals("legacy") ? ",x-igd-legacy-mode=on" : ",x-igd-legacy-mode=off");
        if (!opregion.equals("default")) vfio.append(",x-igd-opregion=").append(opregion);
        a.addAll(List.of("-device", vfio.toString(), "-qmp", "unix:qmp.sock,server=on,wait=off",
                "-chardev", "socket,id=qga0,path=qga.sock,server=on,wait=off", "-device", "virtio-serial-pci",
                "-device", "virtserialport,chardev=qga0,name=org.qemu.guest_agent.0", "-serial", "file:serial.log"));
        return String.join("\n", a) + "\n";
    }
}
