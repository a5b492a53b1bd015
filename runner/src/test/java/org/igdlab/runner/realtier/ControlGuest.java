package org.igdlab.runner.realtier;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The control-cell guest built by {@code scripts/realtier/build-guest} (cached): a kernel and an initramfs. */
record ControlGuest(Path directory, Path kernel, Path initramfs, String kernelRelease) {

    static ControlGuest build(Path repository, Path outDir) {
        String out = LocalCommand.run(List.of(repository.resolve("scripts/realtier/build-guest").toString(), outDir.toString()),
                Map.of(), Duration.ofMinutes(10));
        Map<String, String> values = new HashMap<>();
        out.lines().filter(l -> l.contains("=")).forEach(l -> values.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return new ControlGuest(outDir, Path.of(values.get("kernel")), Path.of(values.get("initramfs")),
                values.get("kernel.release"));
    }
}
