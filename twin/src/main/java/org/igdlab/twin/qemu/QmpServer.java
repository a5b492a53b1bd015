package org.igdlab.twin.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Optional;

/** The QMP monitor of one virtual QEMU: greeting, capabilities negotiation, a few commands (device_add: {@link DeviceHotplug}). */
final class QmpServer implements StreamEndpoint {
    private final QemuProcess process;
    private final ObjectMapper json;
    private final DeviceHotplug hotplug;

    QmpServer(QemuProcess process, ObjectMapper json, DeviceHotplug hotplug) {
        this.process = process;
        this.json = json;
        this.hotplug = hotplug;
    }

    @Override
    public void serve(InputStream fromClient, OutputStream toClient) throws IOException {
        JsonStream stream = new JsonStream(json, fromClient, toClient);
        ObjectNode greeting = json.createObjectNode();
        ObjectNode qmp = greeting.putObject("QMP");
        qmp.set("version", versionNode());
        qmp.putArray("capabilities");
        stream.write(greeting);
        boolean negotiated = false;
        while (true) {
            Optional<JsonNode> request = stream.read();
            if (request.isEmpty()) return;
            String command = request.get().path("execute").asText("");
            JsonNode id = request.get().get("id");
            if (!negotiated && !command.equals("qmp_capabilities")) {
                stream.write(error(id, "CommandNotFound", "Expecting capabilities negotiation with 'qmp_capabilities'"));
                continue;
            }
            switch (command) {
                case "qmp_capabilities" -> {
                    negotiated = true;
                    stream.write(ret(id, json.createObjectNode()));
                    stream.write(event(process.isPaused() ? "STOP" : "RESUME"));
                }
                case "query-status" -> {
                    ObjectNode s = json.createObjectNode().put("running", !process.isPaused()).put("singlestep", false)
                            .put("status", process.isPaused() ? "prelaunch" : "running");
                    stream.write(ret(id, s));
                }
                case "query-version" -> stream.write(ret(id, versionNode()));
                case "human-monitor-command" -> {
                    String line = request.get().path("arguments").path("command-line").asText("");
                    stream.write(ret(id, json.getNodeFactory().textNode(new MonitorCommand(process.memory()).run(line))));
                }
                case "device_add" -> {
                    Optional<String> refused = hotplug.add(request.get().path("arguments"));
                    stream.write(refused.isPresent() ? error(id, "GenericError", refused.get()) : ret(id, json.createObjectNode()));
                }
                case "cont" -> {
                    process.resume();
                    stream.write(ret(id, json.createObjectNode()));
                    stream.write(event("RESUME"));
                }
                case "quit" -> {
                    // The twin's QEMU is gone by the time the reply arrives, so a status check
                    // right after quit is deterministic (real QEMU exits a moment later).
                    process.quit();
                    stream.write(ret(id, json.createObjectNode()));
                    ObjectNode shutdown = event("SHUTDOWN");
                    ((ObjectNode) shutdown.get("data")).put("guest", false).put("reason", "host-qmp-quit");
                    stream.write(shutdown);
                    return;
                }
                default -> stream.write(error(id, "CommandNotFound", "The command " + command + " has not been found"));
            }
        }
    }

    private ObjectNode versionNode() {
        String[] v = process.version().split("\\.");
        ObjectNode version = json.createObjectNode();
        version.putObject("qemu").put("major", Integer.parseInt(v[0])).put("minor", v.length > 1 ? Integer.parseInt(v[1]) : 0)
                .put("micro", v.length > 2 ? Integer.parseInt(v[2]) : 0);
        version.put("package", "");
        return version;
    }

    private ObjectNode event(String name) {
        Instant now = Instant.now();
        ObjectNode e = json.createObjectNode().put("event", name);
        e.putObject("data");
        e.putObject("timestamp").put("seconds", now.getEpochSecond()).put("microseconds", now.getNano() / 1000);
        return e;
    }

    private ObjectNode ret(JsonNode id, JsonNode value) {
        ObjectNode n = json.createObjectNode();
        n.set("return", value);
        if (id != null) n.set("id", id);
        return n;
    }

    private ObjectNode error(JsonNode id, String cls, String desc) {
        ObjectNode n = json.createObjectNode();
        n.putObject("error").put("class", cls).put("desc", desc);
        if (id != null) n.set("id", id);
        return n;
    }
}
