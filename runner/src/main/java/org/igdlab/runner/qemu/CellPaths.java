package org.igdlab.runner.qemu;

/** Where a cell's files live on the host: one directory per cell under the agent root. */
public record CellPaths(String cellDir) {
    public CellPaths {
        if (cellDir == null || !cellDir.startsWith("/") || cellDir.length() < 2 || cellDir.endsWith("/")) {
            throw new IllegalArgumentException("cellDir (" + cellDir + ") must be an absolute directory path without a trailing /");
        }
        if (cellDir.indexOf('\n') >= 0 || cellDir.indexOf('\r') >= 0 || cellDir.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("cellDir (" + cellDir.replace("\n", "\\n").replace("\0", "\\0")
                    + ") must not contain a newline or NUL");
        }
    }

    public String qmpSocket() {
        return cellDir + "/qmp.sock";
    }

    public String qgaSocket() {
        return cellDir + "/qga.sock";
    }

    public String serialLog() {
        return cellDir + "/serial.log";
    }

    public String firmwareLog() {
        return cellDir + "/firmware.log";
    }

    public String overlayImage() {
        return cellDir + "/disk.qcow2";
    }
}
