package org.igdlab.runner.host;

import java.nio.file.Path;
import java.util.List;

import org.igdlab.runner.inventory.Power;
import org.igdlab.runner.time.Deadline;

/**
 * Power-cycles a host that does not come back on its own. Runs on the runner's machine, never on
 * the host; a command is argv, never a shell string, and a password is only ever named by file.
 */
public interface PowerControl {

    /** Cycles the host's power; the outcome (exit status, output tail) is a value, not an exception. */
    PowerResult cycle(Deadline deadline);

    /** What the power action is, for messages: the argv (no secret is ever in it). */
    String describe();

    /** The inventory's power entry as a power control: the one place {@link Power} is mapped. */
    static PowerControl of(Power power) {
        // Java 17: no pattern switch; Power is sealed to exactly these two
        if (power instanceof Power.Ipmi ipmi) {
            return new IpmiPower(IpmiPower.IPMITOOL, ipmi.address(), ipmi.user(), ipmi.passwordFile());
        }
        if (power instanceof Power.Command command) {
            return new CommandPower(command.cycle());
        }
        throw new IllegalArgumentException("unknown power kind " + power);
    }

    /** {@code ipmitool -I lanplus -H ADDRESS -U USER -f PASSWORD_FILE chassis power cycle}. */
    static PowerControl ipmi(String address, String user, Path passwordFile) {
        return new IpmiPower(IpmiPower.IPMITOOL, address, user, passwordFile);
    }

    /** A configured command, as argv. */
    static PowerControl command(List<String> argv) {
        return new CommandPower(argv);
    }
}
