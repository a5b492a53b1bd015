package org.igdlab.runner.run;

/**
 * A lab fault: the host, the agent, SSH or the guest image failed, not the product under test.
 * TestNG reports anything but an {@link AssertionError} as broken, which is exactly what a lab
 * fault must be in Allure.
 */
public final class LabFaultException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LabFaultException(String message, Throwable cause) {
        super(message, cause);
    }
}
