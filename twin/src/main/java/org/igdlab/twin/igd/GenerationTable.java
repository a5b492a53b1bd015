package org.igdlab.twin.igd;

/** How a QEMU band maps a PCI device ID to its IGD generation (−1 = unknown). */
public interface GenerationTable {
    int generationOf(int deviceId);
}
