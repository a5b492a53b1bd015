package org.igdlab.runner.host;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.igdlab.runner.time.Deadline;

/**
 * A host's lifecycle as a graph of states (labgrid's {@code GraphStrategy}): every state but the
 * root declares the one state it requires and the step that gets there from it, with that step's
 * own time budget. The graph is checked when built: each state has exactly one prerequisite, no
 * cycles, every state reachable from the root.
 *
 * <p>{@link #transition} runs only the steps that are missing between where the host is and the
 * target; a step that fails (or overruns its budget) resets the graph to the root, since nothing is
 * known about a host after a half-done step, and is reported with the edge it failed on.
 * {@link #force} reattaches to a host known to be in a state without running anything.
 *
 * @param <S> the states (an enum, typically)
 */
public final class StateGraph<S> {

    /** The work of one edge; it must respect {@code deadline}. */
    @FunctionalInterface
    public interface Step {
        void run(Deadline deadline) throws Exception;
    }

    /**
     * Runs one edge's step, e.g. as an Allure step named after the edge. The default runs it as is.
     */
    @FunctionalInterface
    public interface EdgeRunner<S> {
        void run(Edge<S> edge, Deadline deadline, Step step) throws Exception;

        static <S> EdgeRunner<S> direct() {
            return (edge, deadline, step) -> step.run(deadline);
        }
    }

    /** The step from {@code from} to {@code to}: {@code to} requires {@code from}. */
    public record Edge<S>(S from, S to, Duration budget, String description, Step step) {
        public Edge {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(step, "step");
            if (budget == null || budget.isNegative() || budget.isZero()) {
                throw new IllegalArgumentException("edge " + from + " -> " + to + ": budget (" + budget + ") must be positive");
            }
        }

        @Override
        public String toString() {
            return from + " -> " + to + " ('" + description + "')";
        }
    }

    private final String name;
    private final S root;
    private final Map<S, Edge<S>> into;
    private final Clock clock;
    private S current;

    private StateGraph(String name, S root, Map<S, Edge<S>> into, Clock clock) {
        this.name = name;
        this.root = root;
        this.into = into;
        this.clock = clock;
        this.current = root;
    }

    public static <S> Builder<S> builder(String name, S root, Collection<S> states, Clock clock) {
        return new Builder<>(name, root, states, clock);
    }

    /** Where the host is now, as far as this graph knows. */
    public synchronized S current() {
        return current;
    }

    /** The states from the root to {@code state}, both included. */
    public List<S> path(S state) {
        requireState(state);
        List<S> path = new ArrayList<>();
        for (S s = state; ; s = into.get(s).from()) {
            path.add(s);
            if (s.equals(root)) {
                break;
            }
        }
        Collections.reverse(path);
        return List.copyOf(path);
    }

    /**
     * Brings the host to {@code target}, running only the edges it lacks (none when it is already
     * there or past it). Each edge gets the earlier of its own budget and {@code deadline}.
     *
     * @return the edges that ran, in order
     * @throws TransitionException an edge failed, overran its budget, or no time was left for it; the graph is back at the root
     */
    public synchronized List<Edge<S>> transition(S target, Deadline deadline, EdgeRunner<S> runner)
            throws TransitionException {
        List<S> done = path(current);
        List<S> wanted = path(target);
        if (done.contains(target)) {
            return List.of();
        }
        int common = 0;
        while (common < done.size() && common < wanted.size() && done.get(common).equals(wanted.get(common))) {
            common++;
        }
        List<Edge<S>> ran = new ArrayList<>();
        for (S next : wanted.subList(common, wanted.size())) {
            Edge<S> edge = into.get(next);
            Instant start = clock.instant();
            if (deadline.expired()) {
                throw fail(edge, target, start, "no time was left for it", null);
            }
            Deadline own = deadline.within(edge.budget());
            try {
                runner.run(edge, own, edge.step());
            } catch (Exception e) {
                throw fail(edge, target, start, "failed", e);
            }
            if (clock.instant().isAfter(own.at())) {
                // A step that ignores its deadline must not quietly eat the next step's time; what it did
                // is unknown, hence the reset like any failure.
                throw fail(edge, target, start, "did not finish by its deadline (its budget " + seconds(edge.budget())
                        + ", less when the caller had less time left)", null);
            }
            current = next;
            ran.add(edge);
        }
        return List.copyOf(ran);
    }

    public List<Edge<S>> transition(S target, Deadline deadline) throws TransitionException {
        return transition(target, deadline, EdgeRunner.direct());
    }

    /** Reattaches: the host is known to be in {@code state} (e.g. the root, after the connection was dropped). */
    public synchronized void force(S state) {
        requireState(state);
        current = state;
    }

    private TransitionException fail(Edge<S> edge, S target, Instant start, String what, Exception cause) {
        current = root;
        Duration took = Duration.between(start, clock.instant());
        String text = name + ": step '" + edge.description() + "' (" + edge.from() + " -> " + edge.to() + ") " + what
                + " after " + seconds(took) + " on the way to " + target + "; back at " + root
                + (cause == null ? "" : ": " + cause.getClass().getSimpleName()
                        + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        return new TransitionException(text, edge.from(), edge.to(), edge.description(), target, took, cause);
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }

    private void requireState(S state) {
        if (!state.equals(root) && !into.containsKey(state)) {
            throw new IllegalArgumentException(name + ": " + state + " is not a state of this graph (states: "
                    + states() + ")");
        }
    }

    private List<S> states() {
        List<S> all = new ArrayList<>();
        all.add(root);
        all.addAll(into.keySet());
        return all;
    }

    /** Declares the states and their edges; {@link #build()} checks the graph. */
    public static final class Builder<S> {
        private final String name;
        private final S root;
        private final Set<S> states;
        private final Clock clock;
        private final List<Edge<S>> edges = new ArrayList<>();

        private Builder(String name, S root, Collection<S> states, Clock clock) {
            this.name = Objects.requireNonNull(name, "name");
            this.root = Objects.requireNonNull(root, "root");
            this.states = new LinkedHashSet<>(states);
            this.clock = Objects.requireNonNull(clock, "clock");
        }

        /** {@code to} requires {@code from}; {@code step} gets there within {@code budget}. */
        public Builder<S> edge(S from, S to, Duration budget, String description, Step step) {
            edges.add(new Edge<>(from, to, budget, description, step));
            return this;
        }

        public StateGraph<S> build() {
            if (!states.contains(root)) {
                throw new IllegalArgumentException(name + ": the root " + root + " is not among the states " + states);
            }
            Map<S, Edge<S>> into = new LinkedHashMap<>();
            for (Edge<S> edge : edges) {
                for (S s : List.of(edge.from(), edge.to())) {
                    if (!states.contains(s)) {
                        throw new IllegalArgumentException(name + ": edge " + edge + " names " + s
                                + ", which is not a state (states: " + states + ")");
                    }
                }
                if (edge.to().equals(root)) {
                    throw new IllegalArgumentException(name + ": edge " + edge + " leads into the root " + root
                            + "; the root requires nothing");
                }
                Edge<S> earlier = into.putIfAbsent(edge.to(), edge);
                if (earlier != null) {
                    throw new IllegalArgumentException(name + ": " + edge.to() + " declares two prerequisites: "
                            + earlier + " and " + edge + "; each state requires exactly one");
                }
            }
            for (S state : states) {
                if (state.equals(root)) {
                    continue;
                }
                if (!into.containsKey(state)) {
                    throw new IllegalArgumentException(name + ": " + state + " has no edge into it, so it cannot be reached"
                            + " from " + root);
                }
                List<S> seen = new ArrayList<>();
                for (S s = state; !s.equals(root); s = into.get(s).from()) {
                    if (seen.contains(s)) {
                        seen.add(s);
                        throw new IllegalArgumentException(name + ": the prerequisites form a cycle "
                                + String.join(" -> ", seen.subList(seen.indexOf(s), seen.size()).stream()
                                        .map(String::valueOf).toList())
                                + "; " + state + " cannot be reached from " + root);
                    }
                    seen.add(s);
                }
            }
            return new StateGraph<>(name, root, Map.copyOf(into), clock);
        }
    }
}
