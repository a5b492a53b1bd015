package org.igdlab.twin.guest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** qemu-guest-agent's command dispatch for the commands the lab uses. One per guest. */
public final class GuestAgent {
    private static final List<String> COMMANDS = List.of("guest-sync", "guest-sync-delimited", "guest-ping", "guest-info",
            "guest-exec", "guest-exec-status");
    private final VirtualGuest guest;
    private final ObjectMapper json;
    private final String version;
    private final AtomicInteger nextPid = new AtomicInteger(1000);
    private final Map<Integer, ExecResult> processes = new ConcurrentHashMap<>();

    public GuestAgent(VirtualGuest guest, ObjectMapper json, String version) {
        this.guest = guest;
        this.json = json;
        this.version = version;
    }

    public VirtualGuest guest() {
        return guest;
    }

    /** The reply to one request (`{"return": …}` or `{"error": …}`). */
    public JsonNode handle(JsonNode request) {
        String command = request.path("execute").asText("");
        JsonNode args = request.path("arguments");
        return switch (command) {
            case "guest-sync", "guest-sync-delimited" -> ret(args.path("id"));
            case "guest-ping" -> ret(json.createObjectNode());
            case "guest-info" -> {
                ObjectNode info = json.createObjectNode().put("version", version);
                var list = info.putArray("supported_commands");
                COMMANDS.forEach(c -> list.addObject().put("name", c).put("enabled", true).put("success-response", true));
                yield ret(info);
            }
            case "guest-exec" -> exec(args);
            case "guest-exec-status" -> {
                ExecResult r = processes.get(args.path("pid").asInt(-1));
                if (r == null) yield error("GenericError", "Invalid parameter 'pid'");
                ObjectNode status = json.createObjectNode().put("exited", true).put("exitcode", r.exitCode());
                if (!r.stdout().isEmpty()) status.put("out-data", base64(r.stdout()));
                if (!r.stderr().isEmpty()) status.put("err-data", base64(r.stderr()));
                yield ret(status);
            }
            case "" -> error("GenericError", "Invalid JSON syntax");
            default -> error("CommandNotFound", "The command " + command + " has not been found");
        };
    }

    private JsonNode exec(JsonNode args) {
        String path = args.path("path").asText("");
        if (path.isEmpty()) return error("GenericError", "Parameter 'path' is missing");
        List<String> argv = new ArrayList<>();
        args.path("arg").forEach(a -> argv.add(a.asText()));
        ExecResult result = guest.exec(path, argv);
        if (!args.path("capture-output").asBoolean(false)) result = new ExecResult(result.exitCode(), "", "");
        int pid = nextPid.incrementAndGet();
        processes.put(pid, result);
        return ret(json.createObjectNode().put("pid", pid));
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode ret(JsonNode value) {
        ObjectNode n = json.createObjectNode();
        n.set("return", value);
        return n;
    }

    private JsonNode error(String cls, String desc) {
        ObjectNode n = json.createObjectNode();
        n.putObject("error").put("class", cls).put("desc", desc);
        return n;
    }
}
