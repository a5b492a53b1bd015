package org.igdlab.twin.host;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.igdlab.twin.fault.Faults;
import org.igdlab.twin.qemu.Artifact;

/**
 * Everything a twin host is: identity, kernel, installed files (path → artifact), the IGD, the
 * twin-only behaviour (memory, LPC IDs, OpRegion, faults), the simulated boot delay, and whether a
 * monitor with a capture device hangs on the IGD's port (inventory {@code display.connected}).
 */
public record HostSpec(String name, String user, String agentRoot, String kernel, List<String> kernels,
                       Map<String, Artifact> installed, List<Artifact> catalog, IgdSpec igd, long memoryMib,
                       int lpcDeviceId, int lpcRevision, String opregionVersion, int opregionSizeKib,
                       int extendedVbtKib, Faults faults, Duration bootDelay, boolean displayConnected) {
    /** A host without a monitor on its IGD's port. */
    public HostSpec(String name, String user, String agentRoot, String kernel, List<String> kernels,
                    Map<String, Artifact> installed, List<Artifact> catalog, IgdSpec igd, long memoryMib,
                    int lpcDeviceId, int lpcRevision, String opregionVersion, int opregionSizeKib,
                    int extendedVbtKib, Faults faults, Duration bootDelay) {
        this(name, user, agentRoot, kernel, kernels, installed, catalog, igd, memoryMib, lpcDeviceId, lpcRevision,
                opregionVersion, opregionSizeKib, extendedVbtKib, faults, bootDelay, false);
    }

    public HostSpec {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("host name is required");
        if (agentRoot == null || !agentRoot.startsWith("/")) throw new IllegalArgumentException("agent-root (" + agentRoot + ") must be absolute");
        kernels = List.copyOf(kernels);
        installed = Map.copyOf(installed);
        catalog = List.copyOf(catalog);
        if (opregionSizeKib <= 0) throw new IllegalArgumentException("opregion size-kib (" + opregionSizeKib + ") must be positive");
    }
}
