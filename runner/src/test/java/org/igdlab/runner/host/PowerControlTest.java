package org.igdlab.runner.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import org.igdlab.runner.inventory.Power;
import org.igdlab.runner.time.Deadline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PowerControlTest {

    @TempDir
    Path tmp;

    @Test
    void ipmiRunsIpmitoolAsArgvNamingThePasswordFileNeverThePassword() throws Exception {
        Path passwordFile = Files.writeString(tmp.resolve("bmc.pw"), "s3cret\n");
        IpmiPower ipmi = (IpmiPower) PowerControl.of(new Power.Ipmi("10.0.0.40", "admin", passwordFile));

        assertThat(ipmi.argv()).containsExactly("ipmitool", "-I", "lanplus", "-H", "10.0.0.40", "-U", "admin", "-f",
                passwordFile.toString(), "chassis", "power", "cycle");
        assertThat(ipmi.describe()).doesNotContain("s3cret");

        Path fake = script("ipmitool", "printf '%s\\n' \"$@\" >'" + tmp.resolve("argv") + "'\necho 'Chassis Power Control: Cycle'\n");
        PowerResult r = new IpmiPower(fake.toString(), "10.0.0.40", "admin", passwordFile).cycle(Deadline.after(Duration.ofSeconds(10)));

        assertThat(r.succeeded()).isTrue();
        assertThat(r.outputTail()).isEqualTo("Chassis Power Control: Cycle\n");
        assertThat(Files.readAllLines(tmp.resolve("argv"))).containsExactlyElementsOf(
                List.of("-I", "lanplus", "-H", "10.0.0.40", "-U", "admin", "-f", passwordFile.toString(), "chassis", "power", "cycle"));
    }

    @Test
    void aCommandIsRunAsArgvAndItsExitStatusAndOutputAreAValue() throws Exception {
        Path pdu = script("pdu", "echo \"outlet $2: $1\"; echo 'pdu: busy' >&2; exit 3\n");

        PowerResult r = PowerControl.of(new Power.Command(List.of(pdu.toString(), "cycle", "7; reboot")))
                .cycle(Deadline.after(Duration.ofSeconds(10)));

        assertThat(r.succeeded()).isFalse();
        assertThat(r.exitStatus()).hasValue(3);
        assertThat(r.outputTail()).contains("outlet 7; reboot: cycle", "pdu: busy");
        assertThat(r.summary()).contains("exited 3", "pdu: busy");
    }

    @Test
    void aCommandThatOverrunsItsDeadlineIsKilledAndSaysSo() throws Exception {
        Path hang = script("hang", "echo started\nexec sleep 30\n");

        long start = System.nanoTime();
        PowerResult r = PowerControl.command(List.of(hang.toString())).cycle(Deadline.after(Duration.ofMillis(300)));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(r.exitStatus()).isEmpty();
        assertThat(r.summary()).contains("did not finish within its deadline and was killed");
    }

    private Path script(String name, String body) throws Exception {
        Path file = tmp.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }
}
