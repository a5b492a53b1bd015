package org.igdlab.runner.inventory;

import java.util.Objects;
import java.util.Optional;

/** Whether a monitor (or capture device) is on the IGD's port. */
public record Display(boolean connected, Optional<String> capture) {
    public Display {
        Objects.requireNonNull(capture, "capture");
        capture.ifPresent(c -> Checks.require("display.capture", c, Checks.ABSOLUTE_PATH));
    }
}
