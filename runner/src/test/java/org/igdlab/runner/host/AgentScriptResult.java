package org.igdlab.runner.host;

import java.util.List;

/** One agent call as {@link AgentScriptTest} sees it: exit code, stdout lines, stderr. */
record AgentScriptResult(int exitCode, List<String> lines, String stderr) {

    /** Every value of KEY, in order. */
    List<String> values(String key) {
        String prefix = key + "=";
        return lines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).toList();
    }

    /** The single value of KEY; fails when it is absent or repeated. */
    String value(String key) {
        List<String> all = values(key);
        if (all.size() != 1) {
            throw new AssertionError("expected one " + key + "= line, got " + all + " in " + this);
        }
        return all.get(0);
    }

    boolean has(String key) {
        return !values(key).isEmpty();
    }

    @Override
    public String toString() {
        return "exit " + exitCode + ", stdout " + lines + ", stderr [" + stderr.strip() + "]";
    }
}
