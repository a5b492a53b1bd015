package org.igdlab.twin.qemu;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.igdlab.twin.igd.PciAddress;

/** Slot bookkeeping on the root bus (and one stand-in secondary bus), as hw/pci/pci.c does it. */
final class PciBus {
    private final Map<PciAddress, String> occupants = new HashMap<>();

    void occupy(PciAddress address, String description) {
        occupants.put(address, description);
    }

    Optional<String> occupant(PciAddress address) {
        return Optional.ofNullable(occupants.get(address));
    }

    /** Places a device: at `addr` if given (QEMU syntax `slot[.fn]`, hex), else at the first free slot. */
    PciAddress place(int bus, Optional<String> addr, String driver, String description) throws QemuError {
        PciAddress where;
        if (addr.isPresent()) {
            where = parseAddr(bus, addr.get());
            Optional<String> current = occupant(where);
            if (current.isPresent()) {
                throw new QemuError(String.format("PCI: slot %d function %d not available for %s, in use by %s",
                        where.device(), where.function(), driver, current.get()));
            }
        } else {
            where = null;
            for (int slot = 0; slot < 32 && where == null; slot++) {
                PciAddress candidate = new PciAddress(bus, slot, 0);
                if (occupant(candidate).isEmpty()) where = candidate;
            }
            if (where == null) throw new QemuError("PCI: no slot/function available for " + driver + ", all in use or reserved");
        }
        occupy(where, description);
        return where;
    }

    private static PciAddress parseAddr(int bus, String text) throws QemuError {
        String[] parts = text.split("\\.", -1);
        try {
            int slot = hex(parts[0]);
            int fn = parts.length > 1 ? hex(parts[1]) : 0;
            if (parts.length > 2 || slot > 0x1f || fn > 7) throw new NumberFormatException();
            return new PciAddress(bus, slot, fn);
        } catch (NumberFormatException e) {
            throw new QemuError("Property 'addr' doesn't take value '" + text + "'");
        }
    }

    private static int hex(String s) {
        String t = s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s;
        return Integer.parseInt(t, 16);
    }
}
