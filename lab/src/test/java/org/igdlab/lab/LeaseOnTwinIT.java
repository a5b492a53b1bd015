package org.igdlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.igdlab.runner.host.HostAgent;
import org.igdlab.runner.host.HostLease;
import org.igdlab.runner.host.HostLeasedException;
import org.igdlab.runner.host.LeaseOwner;
import org.igdlab.runner.host.LeaseReply;
import org.igdlab.runner.inventory.Endpoint;
import org.igdlab.runner.run.EmbeddedLab;
import org.igdlab.runner.ssh.RemoteShell;
import org.igdlab.runner.ssh.SshConnector;
import org.igdlab.runner.ssh.SshTarget;
import org.igdlab.runner.time.Deadline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two runners and one twin host, over real SSH: the second is refused while the first holds and
 * renews the lease, and gets the host once the first has died and its lease has expired. A short
 * TTL (3 s) keeps this quick; the waits are bounded polls, not timed assertions.
 */
class LeaseOnTwinIT {

    private static final Path HOME = Path.of(System.getProperty("igdlab.home", "..")).toAbsolutePath().normalize();
    private static final Clock CLOCK = Clock.systemUTC();
    private static final Duration TTL = Duration.ofSeconds(3);
    private static final String ROOT = "/var/lib/igdlab";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void aSecondRunnerIsRefusedWhileTheFirstHoldsTheLeaseAndGetsTheHostAfterTheFirstDies() throws Exception {
        LeaseOwner first = new LeaseOwner("ci", "runner-a", 1001, "nightly-a");
        LeaseOwner second = new LeaseOwner("qa", "runner-b", 2002, "nightly-b");
        ScheduledExecutorService firstScheduler = Executors.newSingleThreadScheduledExecutor();
        ScheduledExecutorService secondScheduler = Executors.newSingleThreadScheduledExecutor();
        try (EmbeddedLab.Fleet fleet = new TwinEmbeddedLab().start(HOME.resolve("lab-inventory/twin.yaml"),
                HOME.resolve("lab-inventory/artifacts.yaml"))) {
            SshTarget target = target(fleet, "kbl-01");
            SshConnector ssh = new SshConnector(CLOCK);
            RemoteShell firstShell = ssh.connect(target, seconds(10));
            try (RemoteShell secondShell = ssh.connect(target, seconds(10))) {
                HostAgent firstAgent = new HostAgent(firstShell, ROOT, HostAgent.bundledAgent());
                HostAgent secondAgent = new HostAgent(secondShell, ROOT, HostAgent.bundledAgent());
                firstAgent.ensureDeployed(seconds(10));
                HostLease firstLease = new HostLease("kbl-01", first, TTL, firstScheduler, CLOCK);
                HostLease secondLease = new HostLease("kbl-01", second, TTL, secondScheduler, CLOCK);

                LeaseReply granted = firstLease.acquire(firstAgent, seconds(10));
                assertThat(granted.was()).contains("free");

                HostLeasedException refused = catchThrowableOfType(() -> secondLease.acquire(secondAgent, seconds(10)),
                        HostLeasedException.class);
                assertThat(refused).isNotNull();
                assertThat(refused.holder()).isEqualTo(first.text());
                assertThat(refused.getMessage()).startsWith("host kbl-01 is leased by ci@runner-a:1001:nightly-a until ");

                // the first runner's renewals carry its lease past its first expiry: still refused then
                Instant firstExpiry = granted.expires();
                awaitTrue(() -> CLOCK.instant().isAfter(firstExpiry.plusSeconds(1)), Duration.ofSeconds(10));
                assertThat(firstLease.granted()).get().extracting(LeaseReply::expires).matches(e -> e.isAfter(firstExpiry));
                assertThat(catchThrowableOfType(() -> secondLease.acquire(secondAgent, seconds(10)),
                        HostLeasedException.class)).isNotNull();
                // ...and any runner can read who holds the host
                assertThat(secondAgent.leaseShow(seconds(10)).first("lease.owner")).contains(first.text());

                // the first runner dies: no more renewals, nothing released
                firstScheduler.shutdownNow();
                firstShell.close();

                LeaseReply taken = awaitLease(secondLease, secondAgent, Duration.ofSeconds(20));
                assertThat(taken.was()).contains("expired");
                assertThat(taken.previousOwner()).contains(first.text());
                assertThat(secondAgent.leaseShow(seconds(10)).first("lease.owner")).contains(second.text());

                secondLease.close();
                assertThat(secondAgent.leaseShow(seconds(10)).first("lease.state")).contains("free");
            }
        } finally {
            firstScheduler.shutdownNow();
            secondScheduler.shutdownNow();
        }
    }

    @Test
    void aLabRunOnAHostLeasedByAnotherRunnerEndsThatHostsCellsBrokenNamingTheHolderAndLeavesItsLeaseAlone()
            throws Exception {
        LeaseOwner other = new LeaseOwner("qa", "runner-b", 2002, "other-run");
        ScheduledExecutorService otherScheduler = Executors.newSingleThreadScheduledExecutor();
        try (EmbeddedLab.Fleet fleet = new TwinEmbeddedLab().start(HOME.resolve("lab-inventory/twin.yaml"),
                HOME.resolve("lab-inventory/artifacts.yaml"))) {
            Path inventory = tmp.resolve("published.yaml");
            TwinServeCommand.writeInventory(HOME.resolve("lab-inventory/twin.yaml"), fleet, inventory,
                    HOME.resolve("lab-inventory/artifacts.yaml"));
            SshConnector ssh = new SshConnector(CLOCK);
            try (RemoteShell kbl = ssh.connect(target(fleet, "kbl-01"), seconds(10));
                 RemoteShell adl = ssh.connect(target(fleet, "adl-01"), seconds(10))) {
                HostAgent kblAgent = new HostAgent(kbl, ROOT, HostAgent.bundledAgent());
                kblAgent.ensureDeployed(seconds(10));
                HostLease held = new HostLease("kbl-01", other, Duration.ofSeconds(600), otherScheduler, CLOCK);
                held.acquire(kblAgent, seconds(10));

                Path suite = tmp.resolve("suite.yaml");
                Files.writeString(suite, """
                        version: 1
                        suite: leased
                        description: one cell on a host another runner holds, one on a free host
                        coverage: full
                        guest: linux
                        axes:
                          generation: [kaby-lake, alder-lake]
                          machine: [q35]
                          firmware: [ovmf]
                          mode: [upt]
                          x-igd-opregion: ["on"]
                        """);
                StringWriter out = new StringWriter();
                int exit = Main.run(new String[] {"run", "--inventory", inventory.toString(), "--suite", suite.toString(),
                        "--reports", tmp.resolve("reports").toString(), "--run-id", "leased", "--no-html"},
                        new PrintWriter(out, true), new PrintWriter(out, true));

                Map<String, JsonNode> byHost = new HashMap<>();
                try (Stream<Path> files = Files.list(tmp.resolve("reports/runs/leased/allure-results"))) {
                    for (Path f : files.filter(p -> p.toString().endsWith("-result.json")).toList()) {
                        JsonNode cell = JSON.readTree(f.toFile());
                        for (JsonNode label : cell.path("labels")) {
                            if (label.path("name").asText().equals("host")) {
                                byHost.put(label.path("value").asText(), cell);
                            }
                        }
                    }
                }
                assertThat(exit).as(out.toString()).isEqualTo(3);
                assertThat(byHost.get("kbl-01").path("status").asText()).isEqualTo("broken");
                assertThat(byHost.get("kbl-01").path("statusDetails").path("message").asText())
                        .startsWith("host=kbl-01 step='lease kbl-01': ")
                        .contains("host kbl-01 is leased by qa@runner-b:2002:other-run until ");
                assertThat(byHost.get("adl-01").path("status").asText()).isEqualTo("passed");

                // the other runner's lease is untouched; the run gave its own lease on adl-01 back
                assertThat(kblAgent.leaseShow(seconds(10)).first("lease.owner")).contains(other.text());
                HostAgent adlAgent = new HostAgent(adl, ROOT, HostAgent.bundledAgent());
                assertThat(adlAgent.leaseShow(seconds(10)).first("lease.state")).contains("free");
            }
        } finally {
            otherScheduler.shutdownNow();
        }
    }

    /** Tries to take the lease until it is granted; a refusal means "not yet", anything else fails the test. */
    private static LeaseReply awaitLease(HostLease lease, HostAgent agent, Duration within) throws Exception {
        Instant until = CLOCK.instant().plus(within);
        while (true) {
            try {
                return lease.acquire(agent, seconds(10));
            } catch (HostLeasedException notYet) {
                if (CLOCK.instant().isAfter(until)) {
                    throw new AssertionError("the lease was still held after " + within, notYet);
                }
                Thread.sleep(250);
            }
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, Duration within) throws InterruptedException {
        Instant until = CLOCK.instant().plus(within);
        while (!condition.getAsBoolean()) {
            if (CLOCK.instant().isAfter(until)) {
                throw new AssertionError("condition not met within " + within);
            }
            Thread.sleep(100);
        }
    }

    private static Deadline seconds(int n) {
        return Deadline.after(CLOCK, Duration.ofSeconds(n));
    }

    private static SshTarget target(EmbeddedLab.Fleet fleet, String host) {
        Endpoint e = fleet.endpoints().get(host);
        return new SshTarget(host, e.address(), e.port(), "igdlab", fleet.identityFile(), e.hostKeyFingerprint());
    }
}
