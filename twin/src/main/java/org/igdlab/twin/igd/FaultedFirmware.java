package org.igdlab.twin.igd;

import java.util.List;
import org.igdlab.twin.fault.Fault;
import org.igdlab.twin.fault.Faults;

/** Applies a host's seeded faults at the firmware decision points, around any firmware. */
public final class FaultedFirmware implements GuestFirmware {
    /** The OpRegion header's first 16 bytes (igd-model.md §0). */
    private static final int SIGNATURE_LENGTH = 16;

    private final GuestFirmware firmware;
    private final Faults faults;

    public FaultedFirmware(GuestFirmware firmware, Faults faults) {
        this.firmware = firmware;
        this.faults = faults;
    }

    @Override
    public String name() {
        return firmware.name();
    }

    @Override
    public boolean runsVgaOptionRom() {
        return firmware.runsVgaOptionRom();
    }

    @Override
    public List<String> post(FirmwareContext ctx) {
        List<String> log;
        if (faults.has(Fault.FIRMWARE_NEVER_WRITES_ASLS)) {
            List<PciConfigAccess> devices = ctx.devices().stream().map(d -> (PciConfigAccess) new DroppingAslsWrites(d)).toList();
            log = firmware.post(new FirmwareContext(ctx.fwCfg(), devices, ctx.lowRamTop(), ctx.memory()));
        } else {
            log = firmware.post(ctx);
        }
        if (faults.has(Fault.DSM_RESERVED_SHORT)) {
            for (PciConfigAccess dev : ctx.devices()) {
                if (dev.vendorId() != 0x8086) continue;
                // the DSM is where a reserved range starts at the qword at 0xC0 or the dword at 0x5C (lock bit cleared)
                halveReservation(ctx.memory(), dev.read(IgdRegisters.BDSM64, 8) & ~1L);
                halveReservation(ctx.memory(), dev.read(IgdRegisters.BDSM, 4) & ~1L);
            }
        }
        byte[] opregion = ctx.fwCfg().get(Qemu101IgdQuirk.OPREGION_FILE);
        if (opregion == null) return log;
        for (PciConfigAccess dev : ctx.devices()) {
            // only where the firmware made a copy: an ASLS the guest reads that points at its own memory
            long asls = dev.vendorId() == 0x8086 ? dev.read(IgdRegisters.ASLS, 4) : 0;
            if (asls == 0 || !signed(ctx.memory().read(asls, SIGNATURE_LENGTH))) continue;
            if (faults.has(Fault.OPREGION_OUTSIDE_RESERVED)) ctx.memory().mark(asls, opregion.length, GuestMemory.Type.RAM);
            if (faults.has(Fault.OPREGION_BAD_SIGNATURE)) ctx.memory().write(asls, new byte[SIGNATURE_LENGTH]);
        }
        return log;
    }

    /** The reserved range that starts at {@code base} keeps only its lower half (nothing when base is not such a range). */
    private static void halveReservation(GuestMemory memory, long base) {
        if (base == 0) return;
        memory.map().stream().filter(r -> r.start() == base && r.type() != GuestMemory.Type.RAM).findFirst().ifPresent(r -> {
            long half = (r.end() - r.start() + 1) / 2;
            memory.mark(r.start() + half, half, GuestMemory.Type.RAM);
        });
    }

    private static boolean signed(byte[] header) {
        return new String(header, java.nio.charset.StandardCharsets.US_ASCII).equals("IntelGraphicsMem");
    }

    private record DroppingAslsWrites(PciConfigAccess delegate) implements PciConfigAccess {
        @Override
        public PciAddress address() {
            return delegate.address();
        }

        @Override
        public long read(int offset, int width) {
            return delegate.read(offset, width);
        }

        @Override
        public void write(int offset, int width, long value) {
            if (offset <= IgdRegisters.ASLS + 3 && offset + width > IgdRegisters.ASLS) return;
            delegate.write(offset, width, value);
        }
    }
}
