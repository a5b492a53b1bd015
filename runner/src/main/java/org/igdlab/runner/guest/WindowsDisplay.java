package org.igdlab.runner.guest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a Windows guest shows of its display hardware, as the lab's PowerShell query prints it
 * ({@link GuestProbes#WINDOWS_DISPLAY_QUERY}): the display-class PnP devices with their status and
 * problem code (Device Manager's "Code 43" is {@code ConfigManagerErrorCode} 43), the video
 * controllers with their current mode, and the monitors WMI knows.
 */
public record WindowsDisplay(List<Adapter> adapters, List<VideoController> videoControllers, List<Monitor> monitors) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A Win32_PnPEntity of class Display: {@code status} "OK" / "Error" / …, {@code problemCode} 0 when working. */
    public record Adapter(String name, String pnpDeviceId, String status, int problemCode) {
        public Adapter {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(pnpDeviceId, "pnpDeviceId");
            Objects.requireNonNull(status, "status");
        }

        /** An Intel PCI function (PNPDeviceID {@code PCI\VEN_8086&…}). */
        public boolean intel() {
            return pnpDeviceId.toUpperCase(java.util.Locale.ROOT).startsWith("PCI\\VEN_8086&");
        }
    }

    /** A Win32_VideoController; the resolution is empty when no mode is set (no monitor, or the driver stopped). */
    public record VideoController(String name, String pnpDeviceId, String status, int problemCode,
                                  OptionalInt width, OptionalInt height) {
        public VideoController {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(pnpDeviceId, "pnpDeviceId");
            Objects.requireNonNull(status, "status");
        }
    }

    /** A WmiMonitorID: instance name, whether active, and its friendly name. */
    public record Monitor(String instanceName, boolean active, String name) {
        public Monitor {
            Objects.requireNonNull(instanceName, "instanceName");
            Objects.requireNonNull(name, "name");
        }
    }

    public WindowsDisplay {
        adapters = List.copyOf(adapters);
        videoControllers = List.copyOf(videoControllers);
        monitors = List.copyOf(monitors);
    }

    /** The IGD's display adapter: the Intel one, if Windows lists it. */
    public Optional<Adapter> intelAdapter() {
        return adapters.stream().filter(Adapter::intel).findFirst();
    }

    public List<Monitor> activeMonitors() {
        return monitors.stream().filter(Monitor::active).toList();
    }

    /**
     * Parses the query's JSON. ConvertTo-Json prints a one-element list as a bare object and an
     * empty one as null or nothing, so each list may be an array, an object or absent.
     *
     * @throws IllegalArgumentException naming what is missing or malformed, with the start of the text
     */
    public static WindowsDisplay parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json.strip());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the Windows display query printed no JSON (" + e.getOriginalMessage()
                    + "): " + head(json), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the Windows display query printed " + head(json)
                    + "; expected an object {displayAdapters, videoControllers, monitors}");
        }
        List<Adapter> adapters = new ArrayList<>();
        for (JsonNode a : list(root, "displayAdapters")) {
            adapters.add(new Adapter(text(a, "Name", "displayAdapters"), text(a, "PNPDeviceID", "displayAdapters"),
                    text(a, "Status", "displayAdapters"), integer(a, "ConfigManagerErrorCode", "displayAdapters")));
        }
        List<VideoController> controllers = new ArrayList<>();
        for (JsonNode v : list(root, "videoControllers")) {
            controllers.add(new VideoController(text(v, "Name", "videoControllers"), text(v, "PNPDeviceID", "videoControllers"),
                    text(v, "Status", "videoControllers"), integer(v, "ConfigManagerErrorCode", "videoControllers"),
                    optional(v, "CurrentHorizontalResolution"), optional(v, "CurrentVerticalResolution")));
        }
        List<Monitor> monitors = new ArrayList<>();
        for (JsonNode m : list(root, "monitors")) {
            monitors.add(new Monitor(text(m, "InstanceName", "monitors"), m.path("Active").asBoolean(false),
                    m.path("UserFriendlyName").asText("")));
        }
        return new WindowsDisplay(adapters, controllers, monitors);
    }

    private static List<JsonNode> list(JsonNode root, String field) {
        JsonNode n = root.get(field);
        List<JsonNode> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (n.isArray()) {
            n.forEach(out::add);
        } else if (n.isObject()) {
            out.add(n);
        } else {
            throw new IllegalArgumentException("the Windows display query's " + field + " is " + n + "; expected a list of objects");
        }
        return out;
    }

    private static String text(JsonNode n, String field, String in) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("an entry of the Windows display query's " + in + " has no text '" + field + "': " + n);
        }
        return v.asText();
    }

    private static int integer(JsonNode n, String field, String in) {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber()) {
            throw new IllegalArgumentException("an entry of the Windows display query's " + in + " has no integer '" + field + "': " + n);
        }
        return v.asInt();
    }

    private static OptionalInt optional(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isIntegralNumber() ? OptionalInt.of(v.asInt()) : OptionalInt.empty();
    }

    private static String head(String text) {
        String s = text.strip();
        return s.isEmpty() ? "(nothing)" : s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
