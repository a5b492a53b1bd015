package org.igdlab.runner.verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.igdlab.runner.guest.FwCfgFiles;
import org.igdlab.runner.guest.MemoryMap;
import org.igdlab.runner.guest.OpRegionHeader;
import org.igdlab.runner.inspect.Ggc;
import org.igdlab.runner.inventory.Generation;
import org.igdlab.runner.inventory.Host;
import org.igdlab.runner.scenario.Expectation;
import org.igdlab.runner.scenario.ProbeExpectation;
import org.igdlab.runner.scenario.RegisterExpectation;

/**
 * The checks behind "firmware-allocated" and the fw_cfg / LPC expectations that the register
 * dump alone cannot make (issue 3 item 3; igd-model.md §0, §2.5, §2.6, §2.7, §7 "FWaddr", §10):
 * <ul>
 * <li>a firmware-allocated ASLS or BDSM lies inside a reserved range of the guest's memory map;</li>
 * <li>the DSM reserved at BDSM is as large as the guest-visible GGC's GMS says;</li>
 * <li>the OpRegion at ASLS starts with {@code IntelGraphicsMem} and has the size of the host's
 *     (the header of etc/igd-opregion, the host OpRegion as the kernel presents it);</li>
 * <li>the guest's IGD fw_cfg files are the ones the expectation declares, etc/igd-opregion is
 *     signed, and etc/igd-bdsm-size holds the DSM size (when the expectation says {@code gms});</li>
 * <li>00:1f.0 carries the host LPC's IDs, or does not (when the expectation sets {@code lpc}).</li>
 * </ul>
 * A register the plain check already failed (0, the host's value) is not judged again here. Each
 * check runs only on what was probed: a cell without a probe is not judged on it.
 */
public final class ProbeJudge {
    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;
    private static final String FWADDR = "igd-model.md §7 notation 'FWaddr'";
    /** {@code 00:1f.0 0601: 8086:a305 (rev 10)}. */
    private static final Pattern LSPCI_N = Pattern.compile("^\\S+ ([0-9a-f]{4}): ([0-9a-f]{4}:[0-9a-f]{4})\\b.*");

    /** What the probes found: mismatches and the checks that held. */
    public record Findings(List<Mismatch> mismatches, List<String> checks) {
        public Findings {
            mismatches = List.copyOf(mismatches);
            checks = List.copyOf(checks);
        }
    }

    private final Expectation exp;
    private final IgdRegisters guest;
    private final Host host;
    private final ProbeObservation probes;
    private final List<Mismatch> mismatches = new ArrayList<>();
    private final List<String> checks = new ArrayList<>();

    private ProbeJudge(Expectation exp, IgdRegisters guest, Host host, ProbeObservation probes) {
        this.exp = exp;
        this.guest = guest;
        this.host = host;
        this.probes = probes;
    }

    public static Findings judge(Expectation exp, IgdRegisters guest, Host host, ProbeObservation probes) {
        ProbeJudge j = new ProbeJudge(exp, guest, host, probes);
        probes.fwCfg().ifPresent(j::fwCfg);
        probes.memoryMap().ifPresent(j::memoryMap);
        probes.opregionAtAsls().ifPresent(j::opregionAtAsls);
        probes.lpc().ifPresent(j::lpc);
        return new Findings(j.mismatches, j.checks);
    }

    // --- fw_cfg -------------------------------------------------------------------------------

    private void fwCfg(FwCfgFiles files) {
        String cite = exp.sourceOf("fw-cfg");
        for (String name : List.of(FwCfgFiles.OPREGION, FwCfgFiles.BDSM_SIZE)) {
            boolean want = exp.fwCfg().contains(name);
            boolean seen = files.igdFiles().contains(name);
            String subject = "fw_cfg etc/" + name;
            if (want == seen) {
                checks.add(subject + ": " + (seen ? "present" : "absent") + " in /sys/firmware/qemu_fw_cfg, as expected");
            } else {
                mismatches.add(new Mismatch(subject, want ? "present" : "absent", seen ? "present" : "absent",
                        "expected fw_cfg file etc/" + name + " to be " + (want ? "present" : "absent") + " in the guest; it is "
                                + (seen ? "present" : "absent") + " (" + cite + ")"));
            }
        }
        if (exp.fwCfg().contains(FwCfgFiles.OPREGION)) {
            files.opregion().ifPresent(h -> {
                if (h.signed()) {
                    checks.add("fw_cfg etc/igd-opregion: starts with IntelGraphicsMem, " + h.sizeKib() + " KiB, version "
                            + h.major() + "." + h.minor());
                } else {
                    mismatches.add(new Mismatch("fw_cfg etc/igd-opregion", OpRegionHeader.SIGNATURE, h.describeSignature(),
                            "expected fw_cfg etc/igd-opregion to start with " + OpRegionHeader.SIGNATURE + "; it starts with "
                                    + h.describeSignature() + " (igd-model.md §2.6, §10)"));
                }
            });
        }
        if (exp.probes().bdsmSize() == ProbeExpectation.BdsmSize.GMS && exp.fwCfg().contains(FwCfgFiles.BDSM_SIZE)
                && files.bdsmSize().isPresent()) {
            bdsmSizeFile(files.bdsmSize().getAsLong());
        }
    }

    private void bdsmSizeFile(long value) {
        String cite = exp.probes().bdsmSizeSource();
        Generation gen = host.generation();
        OptionalLong want;
        String why;
        if (gen.qemuGen() < 0) {
            want = OptionalLong.of(0);
            why = "0 for a generation QEMU does not know (gen -1)";
        } else if (gen.gmsEncoding() == Generation.GmsEncoding.CHERRYVIEW || guest.ggc().isEmpty()) {
            checks.add("fw_cfg etc/igd-bdsm-size: " + value + " bytes (not judged: " + (guest.ggc().isEmpty()
                    ? "GGC not observed" : "QEMU decodes Cherryview's GMS as plain Gen8, Linux does not") + ")");
            return;
        } else {
            Ggc ggc = Ggc.decode((int) guest.ggc().getAsLong(), gen.gmsEncoding());
            want = ggc.dsmBytes();
            why = "GMS 0x" + Long.toHexString(ggc.gms().orElse(0)) + " (bits " + ggc.gmsBits() + ") of the guest's GGC 0x"
                    + String.format("%04x", ggc.value());
        }
        if (want.isEmpty()) {
            checks.add("fw_cfg etc/igd-bdsm-size: " + value + " bytes (not judged: " + why + " encodes no size)");
            return;
        }
        if (value == want.getAsLong()) {
            checks.add("fw_cfg etc/igd-bdsm-size: " + size(value) + " = " + why);
        } else {
            mismatches.add(new Mismatch("fw_cfg etc/igd-bdsm-size", size(want.getAsLong()), size(value),
                    "expected fw_cfg etc/igd-bdsm-size to be " + size(want.getAsLong()) + " (" + why + "); observed "
                            + size(value) + " (" + cite + ")"));
        }
    }

    // --- memory map ---------------------------------------------------------------------------

    private void memoryMap(MemoryMap map) {
        if (exp.asls() == RegisterExpectation.FIRMWARE_ALLOCATED) {
            firmwareWritten(guest.asls(), host.igd().registers().asls(), "0xFC (ASLS)", "OpRegion", opregionBytes(),
                    exp.sourceOf("asls"), map);
        }
        if (exp.bdsm() == RegisterExpectation.FIRMWARE_ALLOCATED) {
            firmwareWritten(base(guest.bdsm()), host.igd().registers().bdsm() & ~1L, "0x5C (BDSM)", "DSM", dsmBytes(),
                    exp.sourceOf("bdsm"), map);
        }
        if (exp.bdsm64() == RegisterExpectation.FIRMWARE_ALLOCATED) {
            firmwareWritten(base(guest.bdsm64()), host.igd().registers().bdsm64().orElse(-1) & ~1L, "0xC0 (BDSM, 64-bit)", "DSM",
                    dsmBytes(), exp.sourceOf("bdsm64"), map);
        }
    }

    private void firmwareWritten(OptionalLong observed, long hostValue, String subject, String what, OptionalLong length,
                                 String cite, MemoryMap map) {
        if (observed.isEmpty() || observed.getAsLong() == 0 || observed.getAsLong() == hostValue) {
            return; // the register check already says why
        }
        long at = observed.getAsLong();
        String offset = subject.substring(0, subject.indexOf(' '));
        Optional<MemoryMap.Entry> entry = map.at(at);
        long reserved = map.reservedFrom(at);
        if (reserved == 0) {
            mismatches.add(new Mismatch(subject, "inside a reserved range of the guest's memory map",
                    entry.map(MemoryMap.Entry::toString).orElse("in no range"),
                    "expected " + offset + ": firmware-allocated, inside a reserved range of the guest's memory map; observed 0x"
                            + Long.toHexString(at) + ", which is " + entry.map(e -> "in " + e).orElse("in no range of the map")
                            + " (" + cite + "; " + FWADDR + ")"));
            return;
        }
        checks.add(subject + ": 0x" + Long.toHexString(at) + " is in " + entry.orElseThrow() + " of the guest's memory map");
        if (length.isEmpty()) {
            checks.add(subject + ": the " + what + " size is not known, so its reserved length is not judged");
            return;
        }
        String sizeSubject = what.equals("DSM") ? "BDSM size vs GMS" : "OpRegion at 0xFC: reserved size";
        String sizeCite = what.equals("DSM") ? "igd-model.md §2.5 (GMS → DSM size), §3 BDSM step, §4.2; " + cite : cite;
        if (reserved >= length.getAsLong()) {
            checks.add(sizeSubject + ": " + size(length.getAsLong()) + " reserved from 0x" + Long.toHexString(at)
                    + (what.equals("DSM") ? " (" + dsmWhy() + ")" : ""));
        } else {
            mismatches.add(new Mismatch(sizeSubject, size(length.getAsLong()) + " reserved", size(reserved) + " reserved",
                    "expected the " + what + " at " + offset + " 0x" + Long.toHexString(at) + " to have " + size(length.getAsLong())
                            + " reserved" + (what.equals("DSM") ? " (" + dsmWhy() + ")" : "") + "; the guest's memory map reserves "
                            + size(reserved) + " from there (" + sizeCite + ")"));
        }
    }

    /** The OpRegion's size: the host OpRegion's (etc/igd-opregion header) or, failing that, the header at ASLS. */
    private OptionalLong opregionBytes() {
        Optional<OpRegionHeader> h = probes.fwCfg().flatMap(FwCfgFiles::opregion).or(probes::opregionAtAsls)
                .filter(OpRegionHeader::signed);
        return h.map(x -> OptionalLong.of(x.sizeKib() * KIB)).orElse(OptionalLong.empty());
    }

    /** The DSM size the guest-visible GGC encodes for this generation (§0, §2.5). */
    private OptionalLong dsmBytes() {
        if (guest.ggc().isEmpty()) {
            return OptionalLong.empty();
        }
        OptionalLong b = Ggc.decode((int) guest.ggc().getAsLong(), host.generation().gmsEncoding()).dsmBytes();
        return b.isPresent() && b.getAsLong() > 0 ? b : OptionalLong.empty();
    }

    private String dsmWhy() {
        Ggc ggc = Ggc.decode((int) guest.ggc().orElse(0), host.generation().gmsEncoding());
        return "GMS 0x" + Long.toHexString(ggc.gms().orElse(0)) + " of GGC 0x" + String.format("%04x", ggc.value());
    }

    // --- the OpRegion at ASLS -----------------------------------------------------------------

    private void opregionAtAsls(OpRegionHeader atAsls) {
        String cite = exp.sourceOf("asls");
        String at = guest.asls().isPresent() ? " 0x" + Long.toHexString(guest.asls().getAsLong()) : "";
        if (!atAsls.signed()) {
            mismatches.add(new Mismatch("OpRegion at 0xFC", OpRegionHeader.SIGNATURE, atAsls.describeSignature(),
                    "expected the guest memory at 0xFC" + at + " to start with " + OpRegionHeader.SIGNATURE + "; it starts with "
                            + atAsls.describeSignature() + " (" + cite + "; igd-model.md §0 OpRegion, §2.6)"));
            return;
        }
        Optional<OpRegionHeader> hostHeader = probes.fwCfg().flatMap(FwCfgFiles::opregion).filter(OpRegionHeader::signed);
        if (hostHeader.isEmpty()) {
            checks.add("OpRegion at 0xFC" + at + ": starts with " + OpRegionHeader.SIGNATURE + ", " + atAsls.sizeKib()
                    + " KiB (no etc/igd-opregion header to compare the size with)");
        } else if (hostHeader.get().sizeKib() == atAsls.sizeKib()) {
            checks.add("OpRegion at 0xFC" + at + ": starts with " + OpRegionHeader.SIGNATURE + ", " + atAsls.sizeKib()
                    + " KiB as the host's");
        } else {
            mismatches.add(new Mismatch("OpRegion at 0xFC: size", hostHeader.get().sizeKib() + " KiB", atAsls.sizeKib() + " KiB",
                    "expected the OpRegion at 0xFC" + at + " to have the host's size, " + hostHeader.get().sizeKib()
                            + " KiB (etc/igd-opregion); its header says " + atAsls.sizeKib() + " KiB (" + cite + "; igd-model.md §0)"));
        }
    }

    // --- 00:1f.0 --------------------------------------------------------------------------------

    private void lpc(ProbeObservation.Lpc lpc) {
        ProbeExpectation.Lpc want = exp.probes().lpc();
        String cite = exp.probes().lpcSource();
        Matcher m = LSPCI_N.matcher(lpc.guestLine().strip());
        Optional<String> seen = m.matches() ? Optional.of(m.group(2)) : Optional.empty();
        String seenText = seen.map(id -> id + " (class " + m.group(1) + ")").orElse("no function");
        switch (want) {
            case UNCHECKED -> checks.add("00:1f.0: not checked; the guest shows " + seenText);
            case HOST_IDS -> {
                if (lpc.hostId().isEmpty()) {
                    mismatches.add(new Mismatch("LPC 00:1f.0", "the host LPC IDs", seenText,
                            "expected 00:1f.0 to carry the host LPC bridge's IDs, but the host did not report them; the guest shows "
                                    + seenText + " (" + cite + ")"));
                } else if (seen.equals(lpc.hostId())) {
                    checks.add("00:1f.0: " + seenText + ", the host LPC bridge's IDs");
                } else {
                    mismatches.add(new Mismatch("LPC 00:1f.0", lpc.hostId().get(), seenText,
                            "expected 00:1f.0 to carry the host LPC bridge's IDs " + lpc.hostId().get() + "; the guest shows "
                                    + seenText + " (" + cite + ")"));
                }
            }
            case ABSENT -> {
                if (seen.isPresent() && lpc.hostId().isPresent() && seen.equals(lpc.hostId())) {
                    mismatches.add(new Mismatch("LPC 00:1f.0", "not the host LPC IDs", seenText,
                            "expected 00:1f.0 not to carry the host LPC bridge's IDs " + lpc.hostId().get() + "; the guest shows "
                                    + seenText + " (" + cite + ")"));
                } else {
                    checks.add("00:1f.0: " + seenText + ", not the host LPC bridge's IDs");
                }
            }
            default -> throw new IllegalStateException("lpc expectation " + want);
        }
    }

    private static OptionalLong base(OptionalLong bdsm) {
        return bdsm.isPresent() ? OptionalLong.of(bdsm.getAsLong() & ~1L) : bdsm;
    }

    private static String size(long bytes) {
        if (bytes >= MIB && bytes % MIB == 0) {
            return bytes / MIB + " MiB";
        }
        if (bytes >= KIB && bytes % KIB == 0) {
            return bytes / KIB + " KiB";
        }
        return bytes + " bytes";
    }
}
