package org.igdlab.twin.server;

/** Placeholder until the twin lands. */
final class Placeholder {
    private Placeholder() { }
}
