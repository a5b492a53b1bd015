package org.igdlab.runner.host;

/** What {@link HostAgent#ensureDeployed} had to do. */
public enum DeployOutcome {
    /** The agent was missing or different, and was uploaded. */
    UPLOADED,
    /** The host already had this exact agent (same SHA-256); nothing was sent. */
    UP_TO_DATE
}
