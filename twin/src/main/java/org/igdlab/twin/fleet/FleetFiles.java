package org.igdlab.twin.fleet;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** The shapes of twin.yaml and artifacts.yaml, as the twin reads them (its own parser, not the runner's). */
final class FleetFiles {
    private FleetFiles() { }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TwinFile(@JsonProperty(value = "version", required = true) int version,
                    @JsonProperty("defaults") HostFields defaults,
                    @JsonProperty(value = "hosts", required = true) List<HostEntry> hosts) {
        TwinFile {
            if (version != 1) throw new IllegalArgumentException("version " + version + " is not supported; expected 1");
            if (hosts == null || hosts.isEmpty()) throw new IllegalArgumentException("expected a non-empty list 'hosts'");
            hosts = List.copyOf(hosts);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record HostFields(@JsonProperty("user") String user,
                      @JsonProperty("agent-root") String agentRoot,
                      @JsonProperty("kernel") String kernel,
                      @JsonProperty("kernels") List<String> kernels,
                      @JsonProperty("installed") Map<String, String> installed) { }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record HostEntry(@JsonProperty(value = "name", required = true) String name,
                     @JsonProperty("address") String address,
                     @JsonProperty("user") String user,
                     @JsonProperty("agent-root") String agentRoot,
                     @JsonProperty("kernel") String kernel,
                     @JsonProperty("kernels") List<String> kernels,
                     @JsonProperty("installed") Map<String, String> installed,
                     @JsonProperty(value = "igd", required = true) IgdEntry igd,
                     @JsonProperty("display") DisplayEntry display,
                     @JsonProperty(value = "twin", required = true) TwinEntry twin) {
        HostEntry {
            if (name == null || !name.matches("^[A-Za-z0-9][A-Za-z0-9._-]*$")) throw new IllegalArgumentException("host name '" + name + "' must match [A-Za-z0-9][A-Za-z0-9._-]*");
        }
    }

    /** The inventory's {@code display:}; the twin reads {@code connected} (a monitor, so a capture device). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record DisplayEntry(@JsonProperty(value = "connected", required = true) boolean connected) { }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record IgdEntry(@JsonProperty(value = "bdf", required = true) String bdf,
                    @JsonProperty(value = "device-id", required = true) String deviceId,
                    @JsonProperty(value = "class", required = true) String classCode,
                    @JsonProperty("revision") Integer revision,
                    @JsonProperty(value = "rom", required = true) String rom,
                    @JsonProperty(value = "registers", required = true) Registers registers) {
        IgdEntry {
            if (deviceId == null || !deviceId.matches("^[0-9a-fA-F]{4}$")) throw new IllegalArgumentException("igd.device-id '" + deviceId + "': expected 4 hex digits");
            if (classCode == null || !classCode.matches("^[0-9a-fA-F]{6}$")) throw new IllegalArgumentException("igd.class '" + classCode + "': expected 6 hex digits");
            if (!"shadow".equals(rom) && !"none".equals(rom)) throw new IllegalArgumentException("igd.rom '" + rom + "': expected shadow or none");
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Registers(@JsonProperty(value = "ggc", required = true) Long ggc,
                     @JsonProperty(value = "bdsm", required = true) Long bdsm,
                     @JsonProperty("bdsm64") Long bdsm64,
                     @JsonProperty(value = "asls", required = true) Long asls) { }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TwinEntry(@JsonProperty(value = "memory-mib", required = true) long memoryMib,
                     @JsonProperty(value = "lpc", required = true) LpcEntry lpc,
                     @JsonProperty(value = "opregion", required = true) OpRegionEntry opregion,
                     @JsonProperty("faults") List<Object> faults) {
        TwinEntry {
            faults = faults == null ? List.of() : List.copyOf(faults);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record LpcEntry(@JsonProperty(value = "device-id", required = true) String deviceId,
                    @JsonProperty(value = "revision", required = true) int revision) {
        LpcEntry {
            if (deviceId == null || !deviceId.matches("^[0-9a-fA-F]{4}$")) throw new IllegalArgumentException("twin.lpc.device-id '" + deviceId + "': expected 4 hex digits");
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record OpRegionEntry(@JsonProperty(value = "version", required = true) String version,
                         @JsonProperty(value = "size-kib", required = true) int sizeKib,
                         @JsonProperty("extended-vbt-kib") Integer extendedVbtKib) {
        OpRegionEntry {
            if (version == null || !version.matches("^\\d+\\.\\d+$")) throw new IllegalArgumentException("twin.opregion.version '" + version + "': expected MAJOR.MINOR");
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ArtifactsFile(@JsonProperty(value = "version", required = true) int version,
                         @JsonProperty(value = "artifacts", required = true) List<ArtifactEntry> artifacts) {
        ArtifactsFile {
            if (version != 1) throw new IllegalArgumentException("version " + version + " is not supported; expected 1");
            artifacts = List.copyOf(artifacts);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ArtifactEntry(@JsonProperty(value = "name", required = true) String name,
                         @JsonProperty(value = "kind", required = true) String kind,
                         @JsonProperty(value = "version", required = true) String version,
                         @JsonProperty("variant") String variant,
                         @JsonProperty("os") String os) { }
}
