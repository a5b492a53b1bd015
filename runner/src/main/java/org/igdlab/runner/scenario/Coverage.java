package org.igdlab.runner.scenario;

import java.util.List;

/** Which combinations of a suite's axes become cells. */
public enum Coverage {
    /** Every combination (the full product) that no constraint excludes. */
    FULL("full", 0),
    /** Every pair of axis values that some allowed cell has appears in at least one cell. */
    PAIRWISE("pairwise", 2),
    /** Likewise for every triple of axis values. */
    THREE_WAY("3-way", 3);

    private final String id;
    private final int strength;

    Coverage(String id, int strength) {
        this.id = id;
        this.strength = strength;
    }

    /** As written in a suite file: {@code full}, {@code pairwise}, {@code 3-way}. */
    public String id() {
        return id;
    }

    /** The t of t-way coverage; 0 for the full product. */
    public int strength() {
        return strength;
    }

    static List<String> ids() {
        return List.of(FULL.id, PAIRWISE.id, THREE_WAY.id);
    }

    static Coverage fromId(String id) {
        for (Coverage c : values()) {
            if (c.id.equals(id)) {
                return c;
            }
        }
        throw new IllegalArgumentException("coverage (" + id + ") is not one of " + ids());
    }
}
