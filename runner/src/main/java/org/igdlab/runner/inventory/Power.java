package org.igdlab.runner.inventory;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** How a hung host is power-cycled. Secrets are named by file, never written inline. */
public sealed interface Power permits Power.Ipmi, Power.Command {

    /** IPMI over LAN; the password is read from {@code passwordFile} on the runner's machine. */
    record Ipmi(String address, String user, Path passwordFile) implements Power {
        public Ipmi {
            Checks.require("power.address", address, Checks.ADDRESS);
            Objects.requireNonNull(user, "user");
            if (user.isBlank() || user.chars().anyMatch(c -> c < 0x21)) {
                throw new IllegalArgumentException("power.user (" + user + ") must be a plain word");
            }
            Objects.requireNonNull(passwordFile, "passwordFile");
            Checks.require("power.password-file", passwordFile.toString(), Checks.ABSOLUTE_PATH);
        }
    }

    /** A command run on the runner's machine, as argv (never a shell string). */
    record Command(List<String> cycle) implements Power {
        public Command {
            cycle = List.copyOf(cycle);
            if (cycle.isEmpty()) {
                throw new IllegalArgumentException("power.cycle must name a command");
            }
            Checks.require("power.cycle[0]", cycle.get(0), Checks.ABSOLUTE_PATH);
            for (String a : cycle) {
                if (a.indexOf('\n') >= 0 || a.indexOf('\0') >= 0) {
                    throw new IllegalArgumentException("power.cycle argument (" + a + ") contains a newline or NUL");
                }
            }
        }
    }
}
