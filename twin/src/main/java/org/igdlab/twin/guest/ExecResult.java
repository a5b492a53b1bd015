package org.igdlab.twin.guest;

/** A finished guest process: exit code, stdout, stderr. */
public record ExecResult(int exitCode, String stdout, String stderr) { }
