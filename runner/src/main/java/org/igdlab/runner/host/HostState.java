package org.igdlab.runner.host;

/**
 * Where a lab host is on the way to running a cell, each state requiring the one before it. A
 * cell's own QEMU (launch → guest → teardown) is not a host state: it starts and ends inside each
 * cell, so the cell runs it.
 */
public enum HostState {
    /** Nothing known: no connection, or the last step failed. */
    UNKNOWN,
    /** An SSH connection with the pinned host key is up. */
    REACHABLE,
    /** The host runs this runner's agent. */
    AGENT_READY,
    /** This runner holds the host's lease and renews it. */
    LEASED,
    /** The host is what the inventory says: IOMMU on, the IGD's device ID, no stale QEMU. */
    CHECKED,
    /** The IGD and its IOMMU group are on vfio-pci. */
    VFIO_BOUND
}
