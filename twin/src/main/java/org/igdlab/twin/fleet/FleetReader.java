package org.igdlab.twin.fleet;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.igdlab.twin.fault.Faults;
import org.igdlab.twin.host.HostSpec;
import org.igdlab.twin.host.IgdSpec;
import org.igdlab.twin.qemu.Artifact;

/** Reads twin.yaml and artifacts.yaml into host specs; every error names file, line and column. */
final class FleetReader {
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    List<HostSpec> read(Path twinYaml, Path artifactsYaml, Duration bootDelay) throws IOException {
        FleetFiles.ArtifactsFile artifacts = parse(artifactsYaml, FleetFiles.ArtifactsFile.class);
        Map<String, Artifact> catalog = new LinkedHashMap<>();
        artifacts.artifacts().forEach(a -> catalog.put(a.name(), new Artifact(a.name(), a.kind(), a.version(), a.variant(), a.os())));
        FleetFiles.TwinFile twin = parse(twinYaml, FleetFiles.TwinFile.class);
        FleetFiles.HostFields d = twin.defaults() != null ? twin.defaults() : new FleetFiles.HostFields(null, null, null, null, null);
        List<HostSpec> hosts = new ArrayList<>();
        for (FleetFiles.HostEntry h : twin.hosts()) {
            try {
                hosts.add(spec(h, d, catalog, bootDelay));
            } catch (IllegalArgumentException e) {
                int[] at = lineOf(twinYaml, h.name());
                throw new TwinConfigException(twinYaml, at[0], at[1], "host " + h.name() + ": " + e.getMessage(), e);
            }
        }
        return hosts;
    }

    private <T> T parse(Path file, Class<T> type) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            T value = yaml.readValue(in, type);
            if (value == null) throw new TwinConfigException(file, 1, 1, "the file is empty; expected a mapping", null);
            return value;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String message = e.getOriginalMessage().replaceAll(" \\(class [^)]*\\)", "");
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException iae) message = iae.getMessage();
            String path = e instanceof com.fasterxml.jackson.databind.JsonMappingException m ? yamlPath(m) : "";
            throw new TwinConfigException(file, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
                    message + (path.isEmpty() ? "" : " (at " + path + ")"), e);
        }
    }

    /** Line and column of a host's `name:` entry (the host a semantic error belongs to), or 0:0. */
    private static int[] lineOf(Path file, String hostName) throws IOException {
        List<String> lines = Files.readAllLines(file);
        java.util.regex.Pattern entry = java.util.regex.Pattern.compile("^(\\s*-?\\s*)name:\\s*\"?" + java.util.regex.Pattern.quote(hostName) + "\"?\\s*(#.*)?$");
        for (int i = 0; i < lines.size(); i++) {
            var m = entry.matcher(lines.get(i));
            if (m.matches()) return new int[] {i + 1, m.group(1).length() + 1};
        }
        return new int[] {0, 0};
    }

    /** "hosts[3].igd.registers" rather than Jackson's class-qualified reference chain. */
    private static String yamlPath(com.fasterxml.jackson.databind.JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) sb.append(sb.length() == 0 ? "" : ".").append(ref.getFieldName());
            else if (ref.getIndex() >= 0) sb.append('[').append(ref.getIndex()).append(']');
        }
        return sb.toString();
    }

    private static HostSpec spec(FleetFiles.HostEntry h, FleetFiles.HostFields d, Map<String, Artifact> catalog, Duration bootDelay) {
        String user = or(h.user(), d.user(), "igdlab");
        String agentRoot = or(h.agentRoot(), d.agentRoot(), "/var/lib/igdlab");
        String kernel = or(h.kernel(), d.kernel(), null);
        if (kernel == null) throw new IllegalArgumentException("no kernel (neither the host nor defaults name one)");
        List<String> kernels = h.kernels() != null ? h.kernels() : d.kernels() != null ? d.kernels() : List.of(kernel);
        Map<String, String> byName = new LinkedHashMap<>();
        if (d.installed() != null) byName.putAll(d.installed());
        if (h.installed() != null) byName.putAll(h.installed());
        Map<String, Artifact> installed = new HashMap<>();
        for (var e : byName.entrySet()) {
            Artifact a = catalog.get(e.getKey());
            if (a == null) throw new IllegalArgumentException("installed artifact '" + e.getKey() + "' is not in artifacts.yaml");
            if (e.getValue() == null || !e.getValue().startsWith("/")) throw new IllegalArgumentException("installed path for '" + e.getKey() + "' must be absolute");
            installed.put(e.getValue(), a);
        }
        FleetFiles.IgdEntry igd = h.igd();
        FleetFiles.Registers r = igd.registers();
        IgdSpec igdSpec = new IgdSpec(igd.bdf(), Integer.parseInt(igd.deviceId(), 16), Integer.parseInt(igd.classCode(), 16),
                igd.revision() == null ? 0 : igd.revision(), igd.rom().equals("shadow"), r.ggc().intValue(), r.bdsm(), r.bdsm64(), r.asls());
        FleetFiles.TwinEntry t = h.twin();
        return new HostSpec(h.name(), user, agentRoot, kernel, kernels, installed, List.copyOf(catalog.values()), igdSpec,
                t.memoryMib(), Integer.parseInt(t.lpc().deviceId(), 16), t.lpc().revision(), t.opregion().version(),
                t.opregion().sizeKib(), t.opregion().extendedVbtKib() == null ? 0 : t.opregion().extendedVbtKib(), Faults.parse(t.faults()), bootDelay,
                h.display() != null && h.display().connected());
    }

    private static String or(String a, String b, String c) {
        return a != null ? a : b != null ? b : c;
    }
}
