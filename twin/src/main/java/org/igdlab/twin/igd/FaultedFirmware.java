package org.igdlab.twin.igd;

import java.util.List;
import org.igdlab.twin.fault.Fault;
import org.igdlab.twin.fault.Faults;

/** Applies a host's seeded faults at the firmware decision points, around any firmware. */
public final class FaultedFirmware implements GuestFirmware {
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
        if (!faults.has(Fault.FIRMWARE_NEVER_WRITES_ASLS)) return firmware.post(ctx);
        List<PciConfigAccess> devices = ctx.devices().stream().map(d -> (PciConfigAccess) new DroppingAslsWrites(d)).toList();
        return firmware.post(new FirmwareContext(ctx.fwCfg(), devices, ctx.lowRamTop()));
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
