package org.igdlab.runner.guest;

import java.util.HexFormat;

/**
 * The start of an OpRegion (igd-model.md §0): the 16-byte signature ({@code IntelGraphicsMem};
 * {@code signature} shows unprintable bytes as '.', {@code signatureHex} has them all), the size in
 * KiB at 0x10 and the version at 0x14 (major in the top byte, minor below it).
 */
public record OpRegionHeader(String signature, String signatureHex, long sizeKib, int major, int minor) {
    public static final String SIGNATURE = "IntelGraphicsMem";
    /** The bytes {@link #parse} needs. */
    public static final int LENGTH = 0x18;

    /** The header at the start of {@code bytes}; at least {@link #LENGTH} bytes. */
    public static OpRegionHeader parse(byte[] bytes) {
        if (bytes.length < LENGTH) {
            throw new IllegalArgumentException("an OpRegion header needs " + LENGTH + " bytes, got " + bytes.length);
        }
        StringBuilder sig = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            int b = bytes[i] & 0xff;
            sig.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
        }
        long size = le(bytes, 0x10);
        long version = le(bytes, 0x14);
        return new OpRegionHeader(sig.toString(), HexFormat.of().formatHex(bytes, 0, 16), size, (int) (version >>> 24) & 0xff, (int) (version >>> 16) & 0xff);
    }

    public boolean signed() {
        return SIGNATURE.equals(signature);
    }

    /** The signature as it reads: text, or the hex of the bytes when it is not printable. */
    public String describeSignature() {
        return signed() ? signature : "\"" + signature + "\" (" + signatureHex + ")";
    }

    private static long le(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
    }
}
