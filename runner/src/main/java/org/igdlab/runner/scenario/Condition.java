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
     * requires (igd-model.md §2.3 step 5: "kernel ROM region size > 0, or romfile set"). From the
     * {@code rom} axis and the host: {@code romfile-efi} gives one; {@code none} ({@code rombar=0})
     * gives none, since QEMU then skips the option ROM probe (§2.8 hint "Skip option ROM probe with
     * rombar=0"); {@code rombar} has one when the host has a shadow ROM.
     */
    record GuestRom(boolean present) implements Condition {
        @Override
        public boolean holds(Cell cell, Host host) {
            boolean has = switch (cell.axis(Axes.ROM)) {
                case "romfile-efi" -> true;
                case "none" -> false;
                default -> host.igd().rom() == RomSource.SHADOW;
            };
            return has == present;
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
    record QemuVersionIn(String min, String max) implements Condition {
        public QemuVersionIn {
            int[] lo = QemuVersion.parse(min).orElseThrow(() -> new IllegalArgumentException("qemu-version min (" + min + ") is not a version"));
            int[] hi = QemuVersion.parse(max).orElseThrow(() -> new IllegalArgumentException("qemu-version max (" + max + ") is not a version"));
            if (QemuVersion.compare(lo, hi) > 0) {
                throw new IllegalArgumentException("qemu-version [" + min + ", " + max + "] must have min <= max");
            }
        }

        @Override
        public boolean holds(Cell cell, Host host) {
            return QemuBuild.of(cell, host).flatMap(i -> QemuVersion.parse(i.artifact().version())).map(v -> {
                int[] lo = QemuVersion.parse(min).orElseThrow();
                int[] hi = QemuVersion.parse(max).orElseThrow();
                return QemuVersion.compare(java.util.Arrays.copyOf(v, lo.length), lo) >= 0
                        && QemuVersion.compare(java.util.Arrays.copyOf(v, hi.length), hi) <= 0;
            }).orElse(false);
        }
    }
}
