package org.igdlab.runner.guest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The guest's firmware memory map as Linux shows it in {@code /sys/firmware/memmap/N/{start,end,type}}
 * (e820 from SeaBIOS, the EFI memory map from OVMF; {@code end} inclusive). {@code raw} is the probe's
 * output, kept for the report.
 */
public record MemoryMap(List<Entry> entries, String raw) {

    private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F]{1,16}");
    private static final Pattern TYPE = Pattern.compile("[A-Za-z][A-Za-z0-9 ()-]{0,63}");
    /** The types that keep the OS's hands off a range: where firmware must put the OpRegion copy and the DSM (§3, §4.2, §7). */
    private static final List<String> RESERVED_TYPES = List.of("Reserved", "ACPI Non-volatile Storage");

    /** One range; {@code end} inclusive. */
    public record Entry(long start, long end, String type) {
        public Entry {
            Objects.requireNonNull(type, "type");
            if (Long.compareUnsigned(end, start) < 0) {
                throw new IllegalArgumentException("memory map entry end (0x" + Long.toHexString(end)
                        + ") is below its start (0x" + Long.toHexString(start) + ")");
            }
        }

        public boolean reserved() {
            return RESERVED_TYPES.contains(type);
        }

        @Override
        public String toString() {
            return String.format("[0x%x-0x%x] %s", start, end, type);
        }
    }

    public MemoryMap {
        entries = entries.stream().sorted(Comparator.comparingLong(Entry::start)).toList();
        Objects.requireNonNull(raw, "raw");
    }

    /**
     * The map from the output of {@code cat N/start N/end N/type …} (three lines per entry, in the
     * order the files were named).
     *
     * @throws IllegalArgumentException naming the line that is not a hex address or a type
     */
    public static MemoryMap parse(String catOutput) {
        List<String> lines = catOutput.lines().map(String::strip).toList();
        if (lines.size() % 3 != 0) {
            throw new IllegalArgumentException("memory map: expected three lines (start, end, type) per entry, found "
                    + lines.size() + " lines");
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i += 3) {
            entries.add(new Entry(hex(lines.get(i), i), hex(lines.get(i + 1), i + 1), type(lines.get(i + 2), i + 2)));
        }
        return new MemoryMap(entries, catOutput);
    }

    private static long hex(String line, int index) {
        if (!HEX.matcher(line).matches()) {
            throw new IllegalArgumentException("memory map line " + (index + 1) + " (" + line + ") is not an address like 0x9fc00");
        }
        return Long.parseUnsignedLong(line.substring(2), 16);
    }

    private static String type(String line, int index) {
        if (!TYPE.matcher(line).matches()) {
            throw new IllegalArgumentException("memory map line " + (index + 1) + " (" + line + ") is not a type like 'Reserved'");
        }
        return line;
    }

    /** The entry that holds {@code address}, if any. */
    public Optional<Entry> at(long address) {
        return entries.stream().filter(e -> Long.compareUnsigned(e.start(), address) <= 0
                && Long.compareUnsigned(address, e.end()) <= 0).findFirst();
    }

    /**
     * How many bytes from {@code address} on are reserved without a gap: the entries of a reserved
     * type that hold {@code address} and the ones that follow it directly (a firmware may split one
     * allocation into neighbouring entries). 0 when {@code address} is not reserved.
     */
    public long reservedFrom(long address) {
        Optional<Entry> first = at(address).filter(Entry::reserved);
        if (first.isEmpty()) {
            return 0;
        }
        long end = first.get().end();
        for (Entry e : entries) {
            if (Long.compareUnsigned(e.start(), end) > 0 && e.start() == end + 1 && e.reserved()) {
                end = e.end();
            }
        }
        return end - address + 1;
    }
}
