package org.igdlab.runner.coverage;

/** Three-valued logic for constraints evaluated on partial rows: UNKNOWN means "not decided yet". */
enum Truth {
    TRUE, FALSE, UNKNOWN;

    static Truth of(boolean b) {
        return b ? TRUE : FALSE;
    }

    Truth not() {
        return switch (this) {
            case TRUE -> FALSE;
            case FALSE -> TRUE;
            case UNKNOWN -> UNKNOWN;
        };
    }
}
