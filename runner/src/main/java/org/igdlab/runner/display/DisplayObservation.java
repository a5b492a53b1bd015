package org.igdlab.runner.display;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the display check saw: the guest's DRM connectors (name → status from
 * /sys/class/drm/NAME/status, e.g. {@code card0-HDMI-A-1 → connected}) and the frame the host's
 * capture device recorded.
 */
public record DisplayObservation(Map<String, String> connectors, Frame frame) {
    public DisplayObservation {
        connectors = Collections.unmodifiableMap(new LinkedHashMap<>(connectors));
        Objects.requireNonNull(frame, "frame");
    }

    public boolean anyConnected() {
        return connectors.values().stream().anyMatch("connected"::equals);
    }

    String connectorList() {
        return connectors.isEmpty() ? "no connectors" : connectors.toString();
    }
}
