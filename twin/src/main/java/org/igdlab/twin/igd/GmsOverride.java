package org.igdlab.twin.igd;

import java.util.Optional;

/** x-igd-gms validation and GGC rewrite (bands D/E, igd-model.md §2.5). Empty = rejected. */
final class GmsOverride {
    record Result(Optional<Long> ggc, Optional<String> message) { }

    static Result apply(int gen, long hostGgc, long gms) {
        if (gen < 0) return new Result(Optional.empty(), Optional.of("x-igd-gms is not supported on this device"));
        if (gen < 8) {
            if (gms > 0x10) return new Result(Optional.empty(), Optional.of("Parameter 'x-igd-gms' expects 0~0x10"));
            return new Result(Optional.of((hostGgc & ~0xf8L) | (gms << 3)), Optional.empty());
        }
        boolean ok = gms <= 0x40 || (gen >= 9 && gms >= 0xf0 && gms <= 0xfe);
        if (!ok) {
            return new Result(Optional.empty(), Optional.of(gen == 8 ? "Parameter 'x-igd-gms' expects 0~0x40"
                    : "Parameter 'x-igd-gms' expects 0~0x40 or 0xf0~0xfe"));
        }
        return new Result(Optional.of((hostGgc & ~0xff00L) | (gms << 8)), Optional.empty());
    }
}
