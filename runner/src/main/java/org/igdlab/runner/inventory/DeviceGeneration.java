package org.igdlab.runner.inventory;

import java.util.Optional;

/** Decides whether a device ID can belong to a declared generation (igd-model.md §6, §2.2). */
final class DeviceGeneration {
    private DeviceGeneration() {
    }

    /** Empty when consistent; otherwise what is wrong, naming both the ID and the generation. */
    static Optional<String> check(int deviceId, Generation declared) {
        String id = String.format("%04x", deviceId);
        Optional<Generation> actual = Generation.forDeviceId(deviceId);
        if (actual.isEmpty()) {
            return Optional.of("device-id " + id + " is not a known " + declared.id()
                    + " IGD ID (known: " + declared.knownDeviceIds().stream().map(d -> String.format("%04x", d)).toList()
                    + ")");
        }
        if (actual.get() != declared) {
            return Optional.of("device-id " + id + " is a " + actual.get().id() + " IGD, not " + declared.id());
        }
        return Optional.empty();
    }
}
