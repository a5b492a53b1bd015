package org.igdlab.runner.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import org.igdlab.runner.time.Deadline;
import org.junit.jupiter.api.Test;

/** The host lifecycle graph with fake edges on a fake clock: nothing here touches a host or sleeps. */
class StateGraphTest {

    enum S { ROOT, UP, AGENT, BOUND, SIDE }

    private final RebootsTest.FakeClock clock = new RebootsTest.FakeClock();
    private final List<String> ran = new ArrayList<>();

    /** An edge step that records its name and takes {@code takes} of fake time. */
    private StateGraph.Step step(String name, Duration takes) {
        return d -> {
            ran.add(name);
            clock.advance(takes);
        };
    }

    private StateGraph.Builder<S> chain() {
        return StateGraph.builder("host kbl-01", S.ROOT, EnumSet.allOf(S.class), clock)
                .edge(S.ROOT, S.UP, Duration.ofSeconds(30), "connect", step("connect", Duration.ofSeconds(1)))
                .edge(S.UP, S.AGENT, Duration.ofSeconds(30), "deploy", step("deploy", Duration.ofSeconds(2)))
                .edge(S.AGENT, S.BOUND, Duration.ofSeconds(60), "bind", step("bind", Duration.ofSeconds(1)))
                .edge(S.UP, S.SIDE, Duration.ofSeconds(10), "side", step("side", Duration.ofSeconds(1)));
    }

    private Deadline minutes(int n) {
        return Deadline.after(clock, Duration.ofMinutes(n));
    }

    @Test
    void aTransitionRunsThePathFromTheRootAndASecondOneRunsNothing() throws Exception {
        StateGraph<S> graph = chain().build();

        List<StateGraph.Edge<S>> first = graph.transition(S.BOUND, minutes(5));

        assertThat(ran).containsExactly("connect", "deploy", "bind");
        assertThat(first).extracting(StateGraph.Edge::to).containsExactly(S.UP, S.AGENT, S.BOUND);
        assertThat(graph.current()).isEqualTo(S.BOUND);

        assertThat(graph.transition(S.BOUND, minutes(5))).isEmpty();
        assertThat(graph.transition(S.AGENT, minutes(5))).as("a state implies its prerequisites").isEmpty();
        assertThat(ran).containsExactly("connect", "deploy", "bind");
    }

    @Test
    void onlyTheMissingStepsRunFromWhereTheHostIs() throws Exception {
        StateGraph<S> graph = chain().build();
        graph.transition(S.AGENT, minutes(5));
        ran.clear();

        graph.transition(S.BOUND, minutes(5));
        assertThat(ran).containsExactly("bind");

        ran.clear();
        graph.transition(S.SIDE, minutes(5));
        assertThat(ran).as("another branch starts from the common prerequisite").containsExactly("side");
        assertThat(graph.current()).isEqualTo(S.SIDE);
    }

    @Test
    void aFailingStepResetsToTheRootAndNamesItsEdgeAndTheCause() throws Exception {
        IOException boom = new IOException("sysfs write refused");
        StateGraph<S> graph = StateGraph.builder("host kbl-01", S.ROOT, EnumSet.allOf(S.class), clock)
                .edge(S.ROOT, S.UP, Duration.ofSeconds(30), "connect", step("connect", Duration.ofSeconds(1)))
                .edge(S.UP, S.AGENT, Duration.ofSeconds(30), "deploy", step("deploy", Duration.ofSeconds(1)))
                .edge(S.AGENT, S.BOUND, Duration.ofSeconds(60), "bind", d -> {
                    ran.add("bind");
                    throw boom;
                })
                .edge(S.UP, S.SIDE, Duration.ofSeconds(10), "side", step("side", Duration.ofSeconds(1)))
                .build();

        TransitionException e = catchThrowableOfType(() -> graph.transition(S.BOUND, minutes(5)), TransitionException.class);

        assertThat(e.from()).isEqualTo(S.AGENT);
        assertThat(e.to()).isEqualTo(S.BOUND);
        assertThat(e.step()).isEqualTo("bind");
        assertThat(e.getCause()).isSameAs(boom);
        assertThat(e.getMessage()).contains("host kbl-01", "'bind'", "AGENT -> BOUND", "on the way to BOUND",
                "back at ROOT", "sysfs write refused");
        assertThat(graph.current()).isEqualTo(S.ROOT);

        ran.clear();
        graph.transition(S.AGENT, minutes(5));
        assertThat(ran).as("after the reset the host is brought up from the root").containsExactly("connect", "deploy");
    }

    @Test
    void eachEdgeGetsItsOwnBudgetWithinTheCallersDeadline() throws Exception {
        List<Duration> given = new ArrayList<>();
        StateGraph<S> graph = StateGraph.builder("host kbl-01", S.ROOT, EnumSet.allOf(S.class), clock)
                .edge(S.ROOT, S.UP, Duration.ofSeconds(30), "connect", d -> given.add(d.remaining()))
                .edge(S.UP, S.AGENT, Duration.ofSeconds(90), "deploy", d -> given.add(d.remaining()))
                .edge(S.AGENT, S.BOUND, Duration.ofSeconds(90), "bind", d -> given.add(d.remaining()))
                .edge(S.UP, S.SIDE, Duration.ofSeconds(10), "side", d -> { })
                .build();

        graph.transition(S.AGENT, Deadline.after(clock, Duration.ofSeconds(60)));
        clock.advance(Duration.ofSeconds(5));
        graph.transition(S.BOUND, Deadline.after(clock, Duration.ofSeconds(40)));

        assertThat(given).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(40));
    }

    @Test
    void aStepThatOverrunsItsBudgetFailsItsEdgeAndResets() {
        StateGraph<S> graph = StateGraph.builder("host kbl-01", S.ROOT, EnumSet.allOf(S.class), clock)
                .edge(S.ROOT, S.UP, Duration.ofSeconds(30), "connect", step("connect", Duration.ofSeconds(1)))
                .edge(S.UP, S.AGENT, Duration.ofSeconds(30), "deploy", step("deploy", Duration.ofSeconds(31)))
                .edge(S.AGENT, S.BOUND, Duration.ofSeconds(60), "bind", step("bind", Duration.ofSeconds(1)))
                .edge(S.UP, S.SIDE, Duration.ofSeconds(10), "side", step("side", Duration.ofSeconds(1)))
                .build();

        TransitionException e = catchThrowableOfType(() -> graph.transition(S.BOUND, minutes(5)), TransitionException.class);

        assertThat(e.step()).isEqualTo("deploy");
        assertThat(e.getMessage()).contains("did not finish by its deadline (its budget 30.0s", "after 31.0s");
        assertThat(ran).containsExactly("connect", "deploy");
        assertThat(graph.current()).isEqualTo(S.ROOT);
    }

    @Test
    void anEdgeWithNoTimeLeftIsNotStarted() {
        StateGraph<S> graph = chain().build();
        Deadline tight = Deadline.after(clock, Duration.ofSeconds(2));

        TransitionException e = catchThrowableOfType(() -> graph.transition(S.BOUND, tight), TransitionException.class);

        // connect takes 1 s, deploy 2 s: deploy overruns the caller's deadline, bind never starts
        assertThat(e.step()).isEqualTo("deploy");
        assertThat(ran).containsExactly("connect", "deploy");

        ran.clear();
        TransitionException none = catchThrowableOfType(
                () -> graph.transition(S.UP, Deadline.after(clock, Duration.ZERO)), TransitionException.class);
        assertThat(none.getMessage()).contains("'connect'", "no time was left");
        assertThat(ran).isEmpty();
    }

    @Test
    void theEdgeRunnerWrapsEveryStepThatRuns() throws Exception {
        StateGraph<S> graph = chain().build();
        List<String> wrapped = new ArrayList<>();

        graph.transition(S.AGENT, minutes(5), (edge, d, body) -> {
            wrapped.add(edge.description());
            body.run(d);
        });

        assertThat(wrapped).containsExactly("connect", "deploy");
        assertThat(ran).containsExactly("connect", "deploy");
    }

    @Test
    void forceReattachesWithoutRunningAnything() throws Exception {
        StateGraph<S> graph = chain().build();

        graph.force(S.AGENT);
        graph.transition(S.BOUND, minutes(5));

        assertThat(ran).containsExactly("bind");
        graph.force(S.ROOT);
        assertThat(graph.current()).isEqualTo(S.ROOT);
        assertThatThrownBy(() -> StateGraph.builder("g", "a", List.of("a", "b"), clock)
                .edge("a", "b", Duration.ofSeconds(1), "ab", d -> { }).build().force("c"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("c is not a state");
    }

    @Test
    void aCycleIsRefusedWhenTheGraphIsBuilt() {
        assertThatThrownBy(() -> StateGraph.builder("host kbl-01", S.ROOT, EnumSet.allOf(S.class), clock)
                .edge(S.ROOT, S.UP, Duration.ofSeconds(1), "connect", d -> { })
                .edge(S.BOUND, S.AGENT, Duration.ofSeconds(1), "deploy", d -> { })
                .edge(S.AGENT, S.BOUND, Duration.ofSeconds(1), "bind", d -> { })
                .edge(S.UP, S.SIDE, Duration.ofSeconds(1), "side", d -> { })
                .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cycle")
                .hasMessageContaining("cannot be reached from ROOT");
    }

    @Test
    void aStateWithoutAnEdgeIntoItIsRefusedAsUnreachable() {
        assertThatThrownBy(() -> StateGraph.builder("host kbl-01", S.ROOT, EnumSet.allOf(S.class), clock)
                .edge(S.ROOT, S.UP, Duration.ofSeconds(1), "connect", d -> { })
                .edge(S.UP, S.AGENT, Duration.ofSeconds(1), "deploy", d -> { })
                .edge(S.AGENT, S.BOUND, Duration.ofSeconds(1), "bind", d -> { })
                .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("host kbl-01: SIDE has no edge into it, so it cannot be reached from ROOT");
    }

    @Test
    void twoPrerequisitesAnEdgeIntoTheRootAndAnUndeclaredStateAreRefused() {
        assertThatThrownBy(() -> chain().edge(S.ROOT, S.BOUND, Duration.ofSeconds(1), "bind again", d -> { }).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BOUND declares two prerequisites");
        assertThatThrownBy(() -> chain().edge(S.UP, S.ROOT, Duration.ofSeconds(1), "back", d -> { }).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leads into the root ROOT");
        assertThatThrownBy(() -> StateGraph.builder("g", "a", List.of("a", "b"), clock)
                .edge("a", "b", Duration.ofSeconds(1), "ab", d -> { })
                .edge("b", "c", Duration.ofSeconds(1), "bc", d -> { }).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names c, which is not a state");
        assertThatThrownBy(() -> chain().edge(S.UP, S.SIDE, Duration.ZERO, "zero", d -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("budget (PT0S) must be positive");
    }
}
