package org.igdlab.twin.igd;

import org.igdlab.twin.fault.Faults;

/**
 * One `-device vfio-pci,host=<IGD>` in one VM: what the IGD quirk decides on, with the host's
 * seeded model mutations ({@code faults}; none on a healthy host).
 */
public record IgdAssignment(HostIgd host, IgdOptions options, MachineFamily machine, PciAddress guestAddress,
                            boolean rootBus, boolean lpcSlotOccupied, Faults faults) {
    public IgdAssignment {
        if (host == null || options == null || machine == null || guestAddress == null || faults == null) {
            throw new IllegalArgumentException("host, options, machine, guestAddress and faults are required");
        }
    }

    /** An assignment on a host without faults. */
    public IgdAssignment(HostIgd host, IgdOptions options, MachineFamily machine, PciAddress guestAddress,
                         boolean rootBus, boolean lpcSlotOccupied) {
        this(host, options, machine, guestAddress, rootBus, lpcSlotOccupied, Faults.none());
    }

    boolean atRootIgdSlot() {
        return rootBus && guestAddress.equals(PciAddress.IGD);
    }
}
