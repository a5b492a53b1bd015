package org.igdlab.runner.host;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import org.igdlab.runner.time.Deadline;

/**
 * IPMI over LAN with ipmitool, as argv: {@code ipmitool -I lanplus -H ADDRESS -U USER -f
 * PASSWORD_FILE chassis power cycle}. The password stays in its file; only the file's path is
 * ever on a command line or in a message.
 */
final class IpmiPower implements PowerControl {

    static final String IPMITOOL = "ipmitool";

    private final List<String> argv;

    IpmiPower(String ipmitool, String address, String user, Path passwordFile) {
        Objects.requireNonNull(ipmitool, "ipmitool");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(passwordFile, "passwordFile");
        if (address.startsWith("-") || user.startsWith("-")) {
            throw new IllegalArgumentException("IPMI address (" + address + ") and user (" + user
                    + ") must not start with '-'");
        }
        this.argv = List.of(ipmitool, "-I", "lanplus", "-H", address, "-U", user, "-f", passwordFile.toString(),
                "chassis", "power", "cycle");
    }

    List<String> argv() {
        return argv;
    }

    @Override
    public PowerResult cycle(Deadline deadline) {
        return PowerProcess.run(argv, deadline);
    }

    @Override
    public String describe() {
        return String.join(" ", argv);
    }
}
