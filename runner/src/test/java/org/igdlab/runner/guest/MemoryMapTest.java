package org.igdlab.runner.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class MemoryMapTest {

    /**
     * The e820 map SeaBIOS 1.12 printed in the Kaby Lake guest of
     * ../shared/fixtures/realworld/seabios-kabylake-5917-guest-01.txt (copied verbatim to the test
     * resource), as Linux shows it in /sys/firmware/memmap: start, end (inclusive) and type per entry.
     */
    static String kabyLakeMemmap() throws IOException {
        String e820;
        try (InputStream in = MemoryMapTest.class.getResourceAsStream("/guest/e820-seabios-kabylake-5917-guest-01.txt")) {
            e820 = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        Matcher m = Pattern.compile("(?m)^\\s*\\d+: ([0-9a-f]{16}) - ([0-9a-f]{16}) = \\d (\\w+)$").matcher(e820);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            long start = Long.parseUnsignedLong(m.group(1), 16);
            long end = Long.parseUnsignedLong(m.group(2), 16) - 1;
            String type = m.group(3).equals("RAM") ? "System RAM" : "Reserved";
            out.append("0x").append(Long.toHexString(start)).append('\n').append("0x").append(Long.toHexString(end)).append('\n')
                    .append(type).append('\n');
        }
        return out.toString();
    }

    @Test
    void readsTheTenEntriesOfARealSeaBiosMapInAddressOrder() throws IOException {
        MemoryMap map = MemoryMap.parse(kabyLakeMemmap());
        assertThat(map.entries()).hasSize(10);
        assertThat(map.entries().get(4)).isEqualTo(new MemoryMap.Entry(0xbd700000L, 0xbfefffffL, "Reserved"));
        assertThat(map.entries().get(9).start()).isEqualTo(0x1_0000_0000L);
    }

    @Test
    void theOpRegionAndTheDsmSeaBiosReportedLieInReservedRanges() throws IOException {
        MemoryMap map = MemoryMap.parse(kabyLakeMemmap());
        // "Intel IGD OpRegion enabled at 0xbfffe000, size 8KB" — in ZoneHigh, e820 entry 6
        assertThat(map.at(0xbfffe000L)).map(MemoryMap.Entry::reserved).contains(true);
        assertThat(map.reservedFrom(0xbfffe000L)).isEqualTo(8 * 1024);
        // "Intel IGD BDSM enabled at 0xbd700000, size 40MB" — e820 entry 4
        assertThat(map.reservedFrom(0xbd700000L)).isEqualTo(40L * 1024 * 1024);
    }

    @Test
    void anAddressInSystemRamOrInNoRangeHasNothingReservedFromIt() throws IOException {
        MemoryMap map = MemoryMap.parse(kabyLakeMemmap());
        assertThat(map.at(0xbff00000L)).map(MemoryMap.Entry::type).contains("System RAM");
        assertThat(map.reservedFrom(0xbff00000L)).isZero();
        assertThat(map.at(0xe0000000L)).isEmpty();
        assertThat(map.reservedFrom(0xe0000000L)).isZero();
    }

    @Test
    void neighbouringReservedEntriesCountAsOneRange() {
        MemoryMap map = MemoryMap.parse("0xb0000000\n0xb00fffff\nReserved\n0xb0100000\n0xb01fffff\nACPI Non-volatile Storage\n"
                + "0xb0200000\n0xbfffffff\nSystem RAM\n");
        assertThat(map.reservedFrom(0xb0080000L)).isEqualTo(0x180000L);
    }

    @Test
    void aLineThatIsNotAnAddressOrATypeIsRefusedNamingIt() {
        assertThatThrownBy(() -> MemoryMap.parse("0x0\n0x9fbff\nSystem RAM\n0x9fc00\nzzz\nReserved\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 5 (zzz)");
        assertThatThrownBy(() -> MemoryMap.parse("0x0\n0x9fbff\n"))
                .hasMessageContaining("three lines (start, end, type) per entry");
        assertThatThrownBy(() -> MemoryMap.parse("0x0\n0x9fbff\nRAM; rm -rf /\n")).hasMessageContaining("not a type");
    }
}
