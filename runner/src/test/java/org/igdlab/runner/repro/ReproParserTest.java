package org.igdlab.runner.repro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.igdlab.runner.inventory.Generation;
import org.igdlab.runner.inventory.YamlSource;
import org.igdlab.runner.scenario.Suite;
import org.igdlab.runner.scenario.SuiteLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per kind of input, each from shared/fixtures/realworld (copied to src/test/resources/repro). */
class ReproParserTest {

    @TempDir
    Path dir;

    static String fixture(String name) throws Exception {
        return Files.readString(Path.of(ReproParserTest.class.getResource("/repro/" + name).toURI()), StandardCharsets.UTF_8);
    }

    static String value(ReproReport r, String axis) {
        return r.axis(axis).orElseThrow().value();
    }

    static Optional<String> extra(ReproReport r, String name, String value) {
        return r.extras().stream().filter(d -> d.name().equals(name) && d.value().equals(value)).map(Derived::source).findFirst();
    }

    @Test
    void readsTheLibvirtLoggedKabyLakeCommandLineWithEnvContinuationsAndMailWraps() throws Exception {
        ReproReport r = ReproParser.parse(fixture("qemu-cmdline-kabylake-legacy-seabios-01.txt"));

        assertThat(r.parts()).anySatisfy(p -> {
            assertThat(p.kind()).isEqualTo("qemu-cmdline");
            assertThat(p.summary()).startsWith("/usr/bin/qemu-kvm.igd");
        });
        assertThat(value(r, "generation")).isEqualTo("kaby-lake");
        assertThat(r.axis("generation").orElseThrow().source()).contains("8086:5917");
        assertThat(value(r, "machine")).isEqualTo("pc");
        assertThat(r.axis("machine").orElseThrow().source()).contains("pc-i440fx-2.11");
        assertThat(value(r, "firmware")).isEqualTo("seabios");
        assertThat(value(r, "mode")).isEqualTo("legacy");
        assertThat(value(r, "x-igd-opregion")).isEqualTo("default");
        assertThat(value(r, "guest")).isEqualTo("windows");
        assertThat(extra(r, "x-igd-gms", "1")).hasValueSatisfying(s -> assertThat(s).contains("-set device.hostdev0.x-igd-gms=1"));
        assertThat(extra(r, "rombar", "0")).isPresent();
        assertThat(extra(r, "rombar", "1")).isPresent(); // the second run's -device line
        assertThat(extra(r, "romfile", "/data/ROOT/templates/romIgd.03441V")).isPresent();
        assertThat(r.versions()).extracting(d -> d.name() + " " + d.value())
                .contains("qemu 4.1.0", "libvirt 5.2.0", "kernel 4.19.75");
        assertThat(r.observations()).anySatisfy(o -> assertThat(o.value()).contains("Cannot reset device 0000:00:1f.3"));
        // the quoted -netdev word holds a newline and a second option: libvirt passed it as one argv word
        assertThat(r.unusable()).anySatisfy(u -> assertThat(u.text()).startsWith("-netdev user,id=user.0"));
        assertThat(r.unusedText()).anySatisfy(u -> assertThat(u.text()).contains("Domain id=4 is tainted"));
    }

    @Test
    void readsTheLibvirtDomainXmlAndItsQemuCommandlineSet() throws Exception {
        ReproReport r = ReproParser.parse(fixture("libvirt-xml-kabylake-legacy-01.txt"));

        assertThat(r.parts()).extracting(ReproReport.Part::kind).contains("libvirt-xml");
        assertThat(value(r, "generation")).isEqualTo("kaby-lake");
        assertThat(value(r, "machine")).isEqualTo("pc");
        assertThat(r.axis("machine").orElseThrow().source()).contains("names no machine");
        assertThat(value(r, "firmware")).isEqualTo("seabios");
        assertThat(r.axis("firmware").orElseThrow().source()).contains("<loader> /usr/share/seabios/bios.bin");
        assertThat(value(r, "mode")).isEqualTo("legacy");
        assertThat(value(r, "x-igd-opregion")).isEqualTo("default");
        assertThat(value(r, "guest")).isEqualTo("windows");
        assertThat(extra(r, "x-igd-gms", "1")).isPresent();
        assertThat(extra(r, "rombar", "0")).isPresent(); // <rom bar='off'> of the "Important point" snippet
        assertThat(extra(r, "romfile", "/data/ROOT/templates/romIgd.03441V")).isPresent();
    }

    @Test
    void readsTheRaptorLakeProxmoxConfigWithLegacyIgdOvmfAndArgs() throws Exception {
        ReproReport r = ReproParser.parse(fixture("qemu-err-unsupported-legacy-raptorlake-qemu92-01.txt"));

        assertThat(r.parts()).extracting(ReproReport.Part::kind).contains("proxmox-config", "qemu-stderr");
        // no device ID anywhere: the platform the text names first
        assertThat(value(r, "generation")).isEqualTo("raptor-lake");
        assertThat(r.axis("generation").orElseThrow().others()).isNotEmpty();
        assertThat(value(r, "machine")).isEqualTo("pc");
        assertThat(value(r, "firmware")).isEqualTo("ovmf");
        assertThat(value(r, "mode")).isEqualTo("legacy");
        assertThat(value(r, "x-igd-opregion")).isEqualTo("on");
        assertThat(value(r, "guest")).isEqualTo("windows");
        assertThat(extra(r, "legacy-igd", "1")).isPresent();
        assertThat(extra(r, "x-igd-gms", "0x2")).isPresent();
        assertThat(extra(r, "romfile", "igd_rpls.rom")).isPresent();
        assertThat(r.versions()).extracting(d -> d.name() + " " + d.value()).contains("pve-qemu-kvm 9.2.0");
        assertThat(r.observations()).anySatisfy(o -> assertThat(o.value())
                .contains("IGD device 0000:00:02.0 is unsupported in legacy mode, try SandyBridge or newer"));
    }

    @Test
    void readsTheQemu10ProxmoxRecipeWithXIgdLegacyModeAndNeedsAGenerationToWrite() throws Exception {
        ReproReport r = ReproParser.parse(fixture("proxmox-config-qemu10-x-igd-legacy-mode-i440fx-ovmf-01.txt"));

        assertThat(r.axis("generation")).isEmpty(); // "6th-14th generation": no one generation
        assertThat(value(r, "machine")).isEqualTo("pc");
        assertThat(value(r, "firmware")).isEqualTo("ovmf"); // "bios:ovmf", no space
        assertThat(value(r, "mode")).isEqualTo("legacy"); // -set device.hostpci0.addr=02.0
        assertThat(value(r, "x-igd-opregion")).isEqualTo("on");
        assertThat(extra(r, "x-igd-legacy-mode", "on")).isPresent();
        assertThat(extra(r, "x-igd-gms", "0x2")).isPresent();
        assertThat(r.versions()).extracting(d -> d.name() + " " + d.value()).contains("pve-qemu-kvm 10.0.2-1");
        assertThatThrownBy(() -> ReproScenario.of(r, "20261121-00000000", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--generation");
        ReproScenario s = ReproScenario.of(r, "20261121-00000000", Optional.of(Generation.COFFEE_LAKE));
        assertThat(s.reporterCell()).isEqualTo("coffee-lake.pc.ovmf.legacy.opregion-on");
    }

    @Test
    void readsTheHaswellGuestVersusHostReport() throws Exception {
        ReproReport r = ReproParser.parse(fixture("lspci-haswell-0412-guest-vs-host-01.txt"));

        assertThat(r.devices()).extracting(ReproReport.RoleDevice::role).containsExactly("guest", "host");
        assertThat(value(r, "generation")).isEqualTo("haswell");
        assertThat(r.axis("generation").orElseThrow().source()).contains("device ID 0x0412");
        assertThat(value(r, "mode")).isEqualTo("upt"); // the text says UPT
        assertThat(value(r, "x-igd-opregion")).isEqualTo("on"); // the text names x-igd-opregion
        assertThat(r.observations()).extracting(o -> o.name() + " = " + o.value())
                .contains("guest 0000:00:02.0 0xFC ASLS = 0x00000000", "host 0000:00:02.0 0xFC ASLS = 0xc8d5c018",
                        "text says ASLS 0xFC = zero");
    }

    @Test
    void readsTheDeviceEchoedInAQemuErrorAndKnowsPcie0MeansQ35() throws Exception {
        ReproReport r = ReproParser.parse(fixture("qemu-err-legacy-1f0-occupied-gvtg-q35-01.txt"));

        assertThat(value(r, "machine")).isEqualTo("q35");
        assertThat(value(r, "mode")).isEqualTo("legacy");
        assertThat(value(r, "x-igd-opregion")).isEqualTo("on");
        assertThat(extra(r, "rombar", "0")).isPresent();
        assertThat(r.versions()).extracting(d -> d.name() + " " + d.value()).contains("kernel 5.13.19-200.fc34.x86_64");
    }

    @Test
    void hostileValuesEndUpOnlyAsListedUnusableDataNeverInTheSuite() throws Exception {
        String text = fixture("hostile-report.txt");
        ReproReport r = ReproParser.parse(text);

        assertThat(r.unusable()).extracting(Unusable::text).anySatisfy(t -> assertThat(t).contains("$(rm -rf /)"));
        assertThat(r.unusable()).extracting(Unusable::why).anySatisfy(w -> assertThat(w).contains("shell command syntax"));
        assertThat(r.unusable()).anySatisfy(u -> assertThat(u.text()).contains("`reboot`"));
        assertThat(r.unusable()).anySatisfy(u -> assertThat(u.text()).contains("q35;reboot"));
        assertThat(r.extras()).allSatisfy(d -> assertThat(d.value()).doesNotContain("$(", "`", ";"));
        assertThat(r.versions()).allSatisfy(d -> assertThat(d.value()).doesNotContain("$(", "`", ";"));
        assertThat(r.cell().values()).allSatisfy(d -> assertThat(d.value()).matches("^[a-z0-9-]+$"));
        assertThat(value(r, "generation")).isEqualTo("kaby-lake");

        ReproScenario s = ReproScenario.of(r, ReproScenario.idFor(text, LocalDate.of(2026, 11, 21)), Optional.empty());
        ReproScenario.Written w = s.write(r, dir);
        String suite = Files.readString(w.suite());
        assertThat(suite).doesNotContain("$(", "`", ";", "rm -rf", "shadow", "curl");
        assertThat(SuiteLoader.load(w.suite()).name()).isEqualTo("repro-" + s.id());
        // the sidecar carries the hostile text as quoted data, and reads back as the same strings
        YamlSource.Node side = YamlSource.read(w.sidecar());
        assertThat(side.toString()).isNotEmpty();
        String sidecar = Files.readString(w.sidecar());
        assertThat(sidecar).contains("\"pc-i440fx-$(rm -rf /)\"");
        com.fasterxml.jackson.databind.JsonNode tree = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(sidecar);
        List<String> texts = new java.util.ArrayList<>();
        tree.get("unusable").forEach(u -> texts.add(u.get("text").asText()));
        assertThat(texts).contains("pc-i440fx-$(rm -rf /)", "q35;reboot", "`halt`", "romfile=$(cat /etc/shadow)");
    }

    @Test
    void theWrittenSuiteLoadsAndHoldsTheReportersCellAndItsNeighbours() throws Exception {
        String text = fixture("qemu-cmdline-kabylake-legacy-seabios-01.txt");
        ReproReport r = ReproParser.parse(text);
        ReproScenario s = ReproScenario.of(r, ReproScenario.idFor(text, LocalDate.of(2026, 11, 21)), Optional.empty());

        assertThat(s.id()).matches("^20261121-[0-9a-f]{8}$");
        ReproScenario.Written w = s.write(r, dir);
        assertThat(w.suite().getFileName().toString()).isEqualTo(s.id() + ".yaml");
        assertThat(w.sidecar().getFileName().toString()).isEqualTo(s.id() + ".report.yaml");
        Suite suite = SuiteLoader.load(w.suite());
        assertThat(suite.name()).isEqualTo("repro-" + s.id());
        assertThat(suite.guest()).isEqualTo("windows");
        assertThat(suite.axes().get("generation")).containsExactly("kaby-lake", "skylake", "coffee-lake");
        assertThat(suite.axes().get("machine")).containsExactly("pc", "q35");
        assertThat(suite.axes().get("firmware")).containsExactly("seabios", "seabios-old", "ovmf");
        assertThat(suite.axes().get("mode")).containsExactly("legacy");
        assertThat(suite.axes().get("x-igd-opregion")).containsExactly("default", "on", "off");
        List<String> ids = suite.cells().stream().map(c -> c.id()).toList();
        assertThat(ids).contains(s.reporterCell()).containsAll(s.neighbours().keySet());
        assertThat(s.reporterCell()).isEqualTo("kaby-lake.pc.seabios.legacy.opregion-default");
        assertThat(s.neighbours()).containsEntry("kaby-lake.pc.ovmf.legacy.opregion-default", "firmware=ovmf")
                .containsEntry("kaby-lake.pc.seabios-old.legacy.opregion-default", "firmware=seabios-old")
                .containsEntry("kaby-lake.q35.seabios.legacy.opregion-default", "machine=q35")
                .containsEntry("skylake.pc.seabios.legacy.opregion-default", "generation=skylake")
                .hasSize(7);
        String sidecar = Files.readString(w.sidecar());
        assertThat(sidecar).contains("x-igd-gms").contains("rombar").contains("notYetAxes").contains("unusedText");
        YamlSource.read(w.sidecar());
    }

    @Test
    void neighbouringGenerationsFollowTheClientLine() {
        assertThat(ReproScenario.neighbours(Generation.SANDY_BRIDGE)).containsExactly(Generation.IVY_BRIDGE);
        assertThat(ReproScenario.neighbours(Generation.HASWELL)).containsExactly(Generation.IVY_BRIDGE, Generation.BROADWELL);
        assertThat(ReproScenario.neighbours(Generation.GEMINI_LAKE)).containsExactly(Generation.KABY_LAKE, Generation.COFFEE_LAKE);
    }

    @Test
    void splitsShellQuotingWithoutExpandingAnything() throws Exception {
        assertThat(QemuArgs.split("a 'b c' \"d $(e) \\\"f\\\"\" g\\ h \\\n i `j`"))
                .containsExactly("a", "b c", "d $(e) \"f\"", "g h", "i", "`j`");
        assertThatThrownBy(() -> QemuArgs.split("a 'b")).isInstanceOf(QemuArgs.Unterminated.class);
        assertThat(QemuArgs.options("vfio-pci,host=00:02.0,romfile=a,,b", "driver"))
                .containsEntry("driver", "vfio-pci").containsEntry("host", "00:02.0").containsEntry("romfile", "a,b");
    }

    @Test
    void anEmptyReportIsRefused() {
        assertThatThrownBy(() -> ReproParser.parse("  \n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }
}
