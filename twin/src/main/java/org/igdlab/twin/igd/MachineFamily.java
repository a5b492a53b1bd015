package org.igdlab.twin.igd;

/** QEMU x86 machine families; the IGD code checks the family name ("pc_piix" for i440fx). */
public enum MachineFamily { PC_PIIX, Q35 }
