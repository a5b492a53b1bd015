package org.igdlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.igdlab.runner.host.HostAgent;
import org.igdlab.runner.host.HostNotBackException;
import org.igdlab.runner.host.PowerControl;
import org.igdlab.runner.host.Reboots;
import org.igdlab.runner.inventory.Endpoint;
import org.igdlab.runner.run.EmbeddedLab;
import org.igdlab.runner.ssh.RemoteShell;
import org.igdlab.runner.ssh.SshConnector;
import org.igdlab.runner.ssh.SshTarget;
import org.igdlab.runner.time.Deadline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's reboot logic against twin hosts over real SSH: one that comes back in the one-shot kernel, one that never does. */
class RebootOnTwinIT {

    private static final Path HOME = Path.of(System.getProperty("igdlab.home", "..")).toAbsolutePath().normalize();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Clock CLOCK = Clock.systemUTC();
    private static final Reboots.Policy FAST = new Reboots.Policy(Duration.ofSeconds(5), Duration.ofSeconds(3),
            Duration.ofSeconds(2), Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(5),
            List.of("intel_iommu=on", "iommu=pt"));

    @TempDir
    Path tmp;

    @Test
    void rebootsIntoTheOneShotKernelAndComesBackWithANewBootIdOnTheSamePinnedKey() throws Exception {
        try (EmbeddedLab.Fleet fleet = new TwinEmbeddedLab().start(HOME.resolve("lab-inventory/twin.yaml"),
                HOME.resolve("lab-inventory/artifacts.yaml"))) {
            SshTarget target = target(fleet, "kbl-01");
            SshConnector ssh = new SshConnector(CLOCK);
            try (RemoteShell shell = ssh.connect(target, Deadline.after(CLOCK, Duration.ofSeconds(10)))) {
                HostAgent agent = new HostAgent(shell, "/var/lib/igdlab", HostAgent.bundledAgent());
                agent.ensureDeployed(Deadline.after(CLOCK, Duration.ofSeconds(10)));
                String before = agent.facts(Deadline.after(CLOCK, Duration.ofSeconds(10))).bootId().orElseThrow();

                Reboots reboots = new Reboots(agent, d -> ssh.connect(target, d), Optional.empty(), FAST, CLOCK);
                Reboots.Rebooted up = reboots.rebootInto("6.12.9-igdlab", Deadline.after(CLOCK, Duration.ofSeconds(30)));
                try (RemoteShell after = up.shell()) {
                    assertThat(up.facts().kernelRelease()).isEqualTo("6.12.9-igdlab");
                    assertThat(up.facts().cmdlineHas("intel_iommu=on")).isTrue();
                    assertThat(up.previousBootId()).isEqualTo(before);
                    assertThat(up.facts().bootId()).isPresent().get().isNotEqualTo(before);
                    assertThat(up.powerCycle()).isEmpty();
                    assertThat(after.exec(List.of("uname", "-r"), null, Deadline.after(CLOCK, Duration.ofSeconds(5)))
                            .stdoutText()).isEqualTo("6.12.9-igdlab\n");
                }
            }
        }
    }

    @Test
    void aHostThatNeverComesBackIsPowerCycledOnceAndEndsInHostNotBack() throws Exception {
        Path twinYaml = withFault("kbl-01", "never-back-from-reboot");
        Path record = tmp.resolve("power-cycled");
        Path script = tmp.resolve("power-cycle");
        Files.writeString(script, "#!/bin/sh\necho \"$@\" >>'" + record + "'\necho cycled kbl-01\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));

        try (EmbeddedLab.Fleet fleet = new TwinEmbeddedLab().start(twinYaml, HOME.resolve("lab-inventory/artifacts.yaml"))) {
            SshTarget target = target(fleet, "kbl-01");
            SshConnector ssh = new SshConnector(CLOCK);
            try (RemoteShell shell = ssh.connect(target, Deadline.after(CLOCK, Duration.ofSeconds(10)))) {
                HostAgent agent = new HostAgent(shell, "/var/lib/igdlab", HostAgent.bundledAgent());
                agent.ensureDeployed(Deadline.after(CLOCK, Duration.ofSeconds(10)));
                Reboots reboots = new Reboots(agent, d -> ssh.connect(target, d),
                        Optional.of(PowerControl.command(List.of(script.toString(), "kbl-01"))), FAST, CLOCK);

                long start = System.nanoTime();
                HostNotBackException e = catchThrowableOfType(
                        () -> reboots.rebootInto("6.12.9-igdlab", Deadline.after(CLOCK, Duration.ofSeconds(30))),
                        HostNotBackException.class);

                assertThat(e).isNotNull();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(6));
                assertThat(e.wentDown()).isTrue();
                assertThat(e.powerCycle()).isPresent();
                assertThat(e.powerCycle().get().succeeded()).isTrue();
                assertThat(e.getMessage()).contains("host=kbl-01", "reboot into 6.12.9-igdlab", "power cycle was tried",
                        "cycled kbl-01", "still not back");
                assertThat(Files.readAllLines(record)).containsExactly("kbl-01");
            }
        }
    }

    private static SshTarget target(EmbeddedLab.Fleet fleet, String host) {
        Endpoint e = fleet.endpoints().get(host);
        return new SshTarget(host, e.address(), e.port(), "igdlab", fleet.identityFile(), e.hostKeyFingerprint());
    }

    /** lab-inventory/twin.yaml with one more fault on one host, written next to the test. */
    private Path withFault(String host, String fault) throws Exception {
        JsonNode root = YAML.readTree(HOME.resolve("lab-inventory/twin.yaml").toFile());
        for (JsonNode h : root.get("hosts")) {
            if (h.get("name").asText().equals(host)) {
                ObjectNode twin = (ObjectNode) h.get("twin");
                twin.withArray("faults").add(fault);
            }
        }
        Path out = tmp.resolve("twin.yaml");
        YAML.writeValue(out.toFile(), root);
        return out;
    }
}
