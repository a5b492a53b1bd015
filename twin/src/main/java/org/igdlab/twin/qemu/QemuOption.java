package org.igdlab.twin.qemu;

/** One option on the QEMU command line, with its argument (null for a flag). */
record QemuOption(String name, String argument) {
    public QemuOption {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("option name is required");
    }

    /** How QEMU names the option in messages: `-device vfio-pci,host=…`. */
    public String location() {
        return argument == null ? "-" + name : "-" + name + " " + argument;
    }
}
