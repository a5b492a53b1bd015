package org.igdlab.twin.guest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.igdlab.twin.igd.IgdRegisters;
import org.igdlab.twin.igd.PciConfigAccess;

/**
 * A Windows 11 guest as qemu-guest-agent for Windows runs commands for the lab: the image carries
 * pciutils' Windows build at {@value #LSPCI} (same output as on Linux), and PowerShell. The twin
 * cannot run PowerShell: it answers the one query the lab sends — a script reading the CIM classes
 * Win32_PnPEntity (display class), Win32_VideoController and root/wmi WmiMonitorID and printing
 * them with ConvertTo-Json as {@code {"displayAdapters": […], "videoControllers": […], "monitors": […]}}
 * — with what Windows would print, using CIM's own property names. Any other script fails as
 * unsupported, so a changed query is noticed, not answered wrongly.
 */
final class WindowsGuest {
    static final String LSPCI = "C:\\igdlab\\pciutils\\lspci.exe";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What Windows shows of the IGD once its driver started (or failed to); null before boot. */
    record DisplayState(GuestIgd igd, Optional<String> code43Cause, boolean monitor) { }

    private final List<PciConfigAccess> devices;
    private volatile DisplayState state;

    WindowsGuest(List<PciConfigAccess> devices) {
        this.devices = devices;
    }

    void driverProbed(DisplayState state) {
        this.state = state;
    }

    ExecResult exec(String path, List<String> args) {
        String program = path.substring(Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/')) + 1).toLowerCase(Locale.ROOT);
        if (path.equalsIgnoreCase(LSPCI)) return new Lspci(devices).run(args);
        if (program.equals("powershell.exe") && (path.equalsIgnoreCase(program)
                || path.equalsIgnoreCase("C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"))) {
            return powershell(args);
        }
        // qemu-ga for Windows: CreateProcess fails, reported as the exit of a process that never ran
        return new ExecResult(1, "", "Failed to execute child process \"" + path + "\" (The system cannot find the file specified.)\r\n");
    }

    private ExecResult powershell(List<String> args) {
        int c = args.indexOf("-Command");
        if (c < 0 || c != args.size() - 2) {
            return new ExecResult(1, "", "igdlab twin: powershell.exe is modelled only as -Command <script> (the script last)\r\n");
        }
        String script = args.get(c + 1);
        if (!(script.contains("Win32_PnPEntity") && script.contains("Win32_VideoController")
                && script.contains("WmiMonitorID") && script.contains("ConvertTo-Json"))) {
            return new ExecResult(1, "", "igdlab twin: this Windows guest answers only the lab's display query "
                    + "(Win32_PnPEntity, Win32_VideoController, WmiMonitorID, ConvertTo-Json)\r\n");
        }
        return new ExecResult(0, displayJson() + "\r\n", "");
    }

    private String displayJson() {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode adapters = root.putArray("displayAdapters");
        ArrayNode controllers = root.putArray("videoControllers");
        ArrayNode monitors = root.putArray("monitors");
        DisplayState s = state;
        if (s != null) {
            GuestIgd igd = s.igd();
            boolean ok = s.code43Cause().isEmpty();
            int deviceId = (int) igd.device().read(IgdRegisters.DEVICE, 2);
            int revision = (int) igd.device().read(IgdRegisters.REVISION, 1);
            int slot = igd.device().address().device() << 3 | igd.device().address().function();
            String pnp = String.format("PCI\\VEN_8086&DEV_%04X&SUBSYS_00000000&REV_%02X\\3&267A616A&0&%02X", deviceId, revision, slot);
            String name = name(igd.generation());
            adapters.addObject().put("Name", name).put("PNPDeviceID", pnp).put("Status", ok ? "OK" : "Error")
                    .put("ConfigManagerErrorCode", ok ? 0 : WindowsIgdDriver.CODE_43);
            ObjectNode vc = controllers.addObject().put("Name", name).put("PNPDeviceID", pnp).put("Status", ok ? "OK" : "Error")
                    .put("ConfigManagerErrorCode", ok ? 0 : WindowsIgdDriver.CODE_43);
            if (ok && s.monitor()) {
                vc.put("CurrentHorizontalResolution", 1920).put("CurrentVerticalResolution", 1080);
                monitors.addObject().put("InstanceName", "DISPLAY\\IGD0001\\4&1a2b3c4d&0&UID4352_0").put("Active", true)
                        .put("UserFriendlyName", "IGDLAB CAPTURE");
            } else {
                vc.putNull("CurrentHorizontalResolution").putNull("CurrentVerticalResolution");
            }
        }
        return root.toString();
    }

    private static String name(int generation) {
        return switch (generation) {
            case 6 -> "Intel(R) HD Graphics 3000";
            case 7 -> "Intel(R) HD Graphics 4600";
            case 8 -> "Intel(R) HD Graphics 5500";
            case 9 -> "Intel(R) UHD Graphics 630";
            case 11 -> "Intel(R) Iris(R) Plus Graphics";
            case 12 -> "Intel(R) Iris(R) Xe Graphics";
            default -> "Intel(R) Graphics";
        };
    }
}
