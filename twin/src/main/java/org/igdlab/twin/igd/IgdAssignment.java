package org.igdlab.twin.igd;

/** One `-device vfio-pci,host=<IGD>` in one VM: what the IGD quirk decides on. */
public record IgdAssignment(HostIgd host, IgdOptions options, MachineFamily machine, PciAddress guestAddress,
                            boolean rootBus, boolean lpcSlotOccupied) {
    public IgdAssignment {
        if (host == null || options == null || machine == null || guestAddress == null) {
            throw new IllegalArgumentException("host, options, machine and guestAddress are required");
        }
    }

    boolean atRootIgdSlot() {
        return rootBus && guestAddress.equals(PciAddress.IGD);
    }
}
