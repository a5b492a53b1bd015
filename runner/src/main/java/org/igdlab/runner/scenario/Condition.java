package org.igdlab.runner.scenario;

import org.igdlab.runner.inventory.Host;
import org.igdlab.runner.inventory.RomSource;

import java.util.Set;

/** One condition of a rule's {@code when:}; a rule applies when all of its conditions hold. */
sealed interface Condition {

    boolean holds(Cell cell, Host host);

    /** {@code firmware: seabios}, {@code generation: [ice-lake, tiger-lake]}. */
    record AxisIn(String axis, Set<String> values) implements Condition {
        public AxisIn {
            values = Set.copyOf(values);
        }

        @Override
        public boolean holds(Cell cell, Host host) {
            return values.contains(cell.axis(axis));
        }
    }

    /** {@code qemu-gen: [6, 9]} or {@code qemu-gen: -1}: QEMU ≥ 10.0's generation of the cell's generation. */
    record QemuGen(int min, int max) implements Condition {
        @Override
        public boolean holds(Cell cell, Host host) {
            int g = cell.generation().qemuGen();
            return g >= min && g <= max;
        }
    }

    /** {@code host.rom: shadow|none}. */
    record HostRom(Set<RomSource> roms) implements Condition {
        public HostRom {
            roms = Set.copyOf(roms);
        }

        @Override
        public boolean holds(Cell cell, Host host) {
            return roms.contains(host.igd().rom());
        }
    }

    /** {@code host.ivd: 0|1}: GGC bit 1 of the host IGD. */
    record HostIvd(int ivd) implements Condition {
        @Override
        public boolean holds(Cell cell, Host host) {
            return host.igd().registers().ivd() == ivd;
        }
    }

    /** {@code guest-bdf: "00:02.0"}: where the IGD sits in the guest (from the mode axis). */
    record GuestBdf(Set<String> bdfs) implements Condition {
        public GuestBdf {
            bdfs = Set.copyOf(bdfs);
        }

        @Override
        public boolean holds(Cell cell, Host host) {
            return bdfs.contains(cell.guestBdf());
        }
    }

    /**
     * {@code guest-rom: present|absent}: whether QEMU has a ROM for the IGD, which legacy mode
     * requires (igd-model.md §2.3 step 5: "kernel ROM region size > 0, or romfile set"). A romfile
     * ({@code rom: romfile-efi}, or a firmware {@code ovmf+igd-oprom-*}: {@link OptionRom}) is one,
     * even beside {@code rombar=0}, since QEMU checks that it is set; otherwise {@code rom: none}
     * ({@code rombar=0}) gives none, since QEMU then skips the option ROM probe (§2.8 hint "Skip
     * option ROM probe with rombar=0"), and {@code rombar} has one when the host has a shadow ROM.
     * (Whether the guest's firmware runs the romfile is another matter: not with rombar=0.)
     */
    record GuestRom(boolean present) implements Condition {
        @Override
        public boolean holds(Cell cell, Host host) {
            boolean has = OptionRom.of(cell) != OptionRom.NONE
                    || (!cell.axis(Axes.ROM).equals("none") && host.igd().rom() == RomSource.SHADOW);
            return has == present;
        }
    }

    /**
     * {@code host.kernel: [min, max]}: the kernel the cell runs under (its {@code kernel} axis, or
     * the host's booted {@code kernel:} for {@code default}) has a major.minor within the range,
     * both ends included: {@code ["4.6", "6.14"]} holds for 4.6.0 … 6.14.x (igd-model.md §5.1 bands).
     */
    record HostKernel(VersionNumber min, VersionNumber max) implements Condition {
        public HostKernel {
            java.util.Objects.requireNonNull(min, "min");
            java.util.Objects.requireNonNull(max, "max");
            if (min.compareTo(max) > 0) {
                throw new IllegalArgumentException("host.kernel range [" + min + ", " + max + "] has min > max");
            }
        }

        @Override
        public boolean holds(Cell cell, Host host) {
            String release = cell.kernel().orElse(host.kernel());
            return VersionNumber.parse(release).orElseThrow(() -> new IllegalArgumentException("kernel release ("
                    + release + ") does not start with MAJOR.MINOR (e.g. 6.12.9-igdlab); host.kernel conditions cannot compare it"))
                    .within(min, max);
        }
    }

    /**
     * {@code qemu-band: C} or {@code [A, B]}: the band (igd-model.md bands table, §2.10) of the QEMU
     * build the cell runs on the host ({@link QemuBuild}). A host without that build, or a build
     * before 2.7, is in no band.
     */
    record QemuBandIn(Set<QemuBand> bands) implements Condition {
        public QemuBandIn {
            bands = Set.copyOf(bands);
        }

        @Override
        public boolean holds(Cell cell, Host host) {
            return QemuBuild.band(cell, host).map(bands::contains).orElse(false);
        }
    }

    /**
     * {@code qemu-version: ["5.0", "5.0"]}: the version of the cell's QEMU build lies in [min, max],
     * each bound compared on as many parts as it has, so {@code "5.0"} takes in every 5.0.x.
     */
    record QemuVersionIn(VersionNumber min, VersionNumber max) implements Condition {
        public QemuVersionIn {
            java.util.Objects.requireNonNull(min, "min");
            java.util.Objects.requireNonNull(max, "max");
            if (min.compareTo(max) > 0) {
                throw new IllegalArgumentException("qemu-version [" + min + ", " + max + "] must have min <= max");
            }
        }

        @Override
        public boolean holds(Cell cell, Host host) {
            return QemuBuild.of(cell, host).flatMap(i -> VersionNumber.parse(i.artifact().version()))
                    .map(v -> v.within(min, max)).orElse(false);
        }
    }
}
