package org.igdlab.twin.igd;

/** The `vfio-pci-igd-lpc-bridge` QEMU creates at guest 00:1f.0 with the host LPC IDs. */
public record LpcBridge(int vendorId, int deviceId, int revision) { }
