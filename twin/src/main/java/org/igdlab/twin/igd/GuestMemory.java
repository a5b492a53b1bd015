package org.igdlab.twin.igd;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A guest's physical memory as its firmware leaves it: the firmware memory map (e820, which a
 * Linux guest shows in /sys/firmware/memmap) and the bytes firmware wrote (the OpRegion copy at
 * ASLS). Memory nobody wrote reads as zero, like the DSM IgdAssignmentDxe zeroes and SeaBIOS
 * leaves as QEMU allocated it. One per VM run; the host side reads it through QMP {@code xp}.
 */
public final class GuestMemory {
    private static final long FOUR_GIB = 1L << 32;

    /** e820 types as Linux names them in /sys/firmware/memmap/N/type. */
    public enum Type {
        RAM("System RAM"), RESERVED("Reserved"), ACPI_NVS("ACPI Non-volatile Storage");

        private final String sysfs;

        Type(String sysfs) {
            this.sysfs = sysfs;
        }

        public String sysfs() {
            return sysfs;
        }
    }

    /** One map entry, {@code end} inclusive (as /sys/firmware/memmap prints it). */
    public record Range(long start, long end, Type type) {
        public Range {
            if (end < start) throw new IllegalArgumentException("range end (0x" + Long.toHexString(end) + ") below start (0x" + Long.toHexString(start) + ")");
        }
    }

    private final List<Range> map = new ArrayList<>();
    private final TreeMap<Long, byte[]> written = new TreeMap<>();

    /**
     * The map QEMU's e820 table and SeaBIOS/OVMF start from: conventional RAM below the EBDA,
     * the BIOS area, RAM from 1 MiB to {@code lowRamTop}, the flash/IOAPIC holes, and RAM above
     * 4 GiB for what did not fit below.
     */
    public GuestMemory(long lowRamTop, long ramBytes) {
        if (lowRamTop <= 0x100000 || lowRamTop > FOUR_GIB) throw new IllegalArgumentException("lowRamTop (0x" + Long.toHexString(lowRamTop) + ") must be in (1 MiB, 4 GiB]");
        map.add(new Range(0, 0x9fbffL, Type.RAM));
        map.add(new Range(0x9fc00L, 0x9ffffL, Type.RESERVED));
        map.add(new Range(0xf0000L, 0xfffffL, Type.RESERVED));
        map.add(new Range(0x100000L, lowRamTop - 1, Type.RAM));
        map.add(new Range(0xfeffc000L, 0xfeffffffL, Type.RESERVED));
        map.add(new Range(0xfffc0000L, 0xffffffffL, Type.RESERVED));
        if (ramBytes > lowRamTop) map.add(new Range(FOUR_GIB, FOUR_GIB + (ramBytes - lowRamTop) - 1, Type.RAM));
    }

    /** Marks {@code [start, start + size)} as {@code type}, splitting whatever it overlaps (e820_add). */
    public synchronized void mark(long start, long size, Type type) {
        if (size <= 0) throw new IllegalArgumentException("size (" + size + ") must be positive");
        long end = start + size - 1;
        List<Range> next = new ArrayList<>();
        for (Range r : map) {
            if (r.end() < start || r.start() > end) {
                next.add(r);
                continue;
            }
            if (r.start() < start) next.add(new Range(r.start(), start - 1, r.type()));
            if (r.end() > end) next.add(new Range(end + 1, r.end(), r.type()));
        }
        next.add(new Range(start, end, type));
        next.sort(Comparator.comparingLong(Range::start));
        map.clear();
        map.addAll(next);
    }

    /** The map, sorted by address. */
    public synchronized List<Range> map() {
        return List.copyOf(map);
    }

    /** Firmware stores {@code bytes} at {@code address}. */
    public synchronized void write(long address, byte[] bytes) {
        written.put(address, bytes.clone());
    }

    /** {@code length} bytes from {@code address}; bytes nobody wrote are 0. */
    public synchronized byte[] read(long address, int length) {
        byte[] out = new byte[length];
        for (Map.Entry<Long, byte[]> e : written.entrySet()) {
            long from = Math.max(address, e.getKey());
            long to = Math.min(address + length, e.getKey() + e.getValue().length);
            for (long a = from; a < to; a++) out[(int) (a - address)] = e.getValue()[(int) (a - e.getKey())];
        }
        return out;
    }
}
