package org.igdlab.runner.qemu;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Set;

/**
 * The arguments of QMP {@code device_add} for a device given as {@code -device} properties.
 * QMP reads them with a strict visitor, not the command line's string parser, so each property
 * gets its JSON type: vfio-pci's booleans ({@code x-igd-opregion}, {@code x-igd-lpc}, {@code x-vga})
 * as true/false, its integers ({@code x-igd-gms}, {@code rombar}) as numbers, the rest
 * ({@code x-igd-legacy-mode} is an OnOffAuto enum) as strings.
 */
public final class DeviceAdd {
    private static final Set<String> BOOLEANS = Set.of("x-igd-opregion", "x-igd-lpc", "x-vga");
    private static final Set<String> INTEGERS = Set.of("x-igd-gms", "rombar");

    private DeviceAdd() {
    }

    /**
     * @throws IllegalArgumentException when a boolean is not on/off or an integer is not a number,
     *                                  naming the property and its value
     */
    public static ObjectNode arguments(Map<String, String> properties) {
        ObjectNode args = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, String> e : properties.entrySet()) {
            String k = e.getKey();
            String v = e.getValue();
            if (BOOLEANS.contains(k)) {
                if (!v.equals("on") && !v.equals("off")) {
                    throw new IllegalArgumentException("device_add " + k + " (" + v + ") must be on or off");
                }
                args.put(k, v.equals("on"));
            } else if (INTEGERS.contains(k)) {
                try {
                    args.put(k, Long.decode(v));
                } catch (NumberFormatException ex) {
                    throw new IllegalArgumentException("device_add " + k + " (" + v + ") must be an integer", ex);
                }
            } else {
                args.put(k, v);
            }
        }
        return args;
    }
}
