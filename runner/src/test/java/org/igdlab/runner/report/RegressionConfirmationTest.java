package org.igdlab.runner.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.igdlab.runner.report.RegressionConfirmation.Confirmation;
import org.igdlab.runner.report.RegressionConfirmation.Decision;
import org.junit.jupiter.api.Test;

class RegressionConfirmationTest {

    @Test
    void aFailureOnTheSecondHostOfTheGenerationConfirmsIt() {
        Decision d = RegressionConfirmation.decide("cfl-01", "coffee-lake", List.of("cfl-02"), Map.of("cfl-02", "failed"));
        assertThat(d.confirmation()).isEqualTo(Confirmation.CONFIRMED);
        assertThat(d.confirmation().confirmed()).isTrue();
        assertThat(d.note()).isEqualTo("confirmed: also failed on cfl-02");
    }

    @Test
    void withoutASecondHostItSaysSoAndIsNotConfirmed() {
        Decision d = RegressionConfirmation.decide("kbl-01", "kaby-lake", List.of(), Map.of());
        assertThat(d.confirmation()).isEqualTo(Confirmation.SINGLE_HOST);
        assertThat(d.confirmation().confirmed()).isFalse();
        assertThat(d.note()).startsWith("unconfirmed: no second host of kaby-lake");
    }

    @Test
    void aPassOnTheSecondHostPointsAtTheFirstHost() {
        Decision d = RegressionConfirmation.decide("hsw-01", "haswell", List.of("hsw-02"), Map.of("hsw-02", "passed"));
        assertThat(d.confirmation()).isEqualTo(Confirmation.NOT_REPRODUCED);
        assertThat(d.note()).contains("passed on hsw-02").contains("possibly a fault of hsw-01");
    }

    @Test
    void aSecondHostThatGaveNoVerdictLeavesItUnconfirmedNamingWhy() {
        Decision broken = RegressionConfirmation.decide("cfl-02", "coffee-lake", List.of("cfl-01"), Map.of("cfl-01", "broken"));
        assertThat(broken.confirmation()).isEqualTo(Confirmation.UNCONFIRMED);
        assertThat(broken.note()).isEqualTo("unconfirmed: no verdict on cfl-01 (broken)");

        Decision notRun = RegressionConfirmation.decide("cfl-02", "coffee-lake", List.of("cfl-01"), Map.of());
        assertThat(notRun.confirmation()).isEqualTo(Confirmation.UNCONFIRMED);
        assertThat(notRun.note()).contains("not run on the other coffee-lake host(s) cfl-01");
    }

    @Test
    void oneFailingSecondHostOutweighsAnotherThatPassed() {
        Decision d = RegressionConfirmation.decide("cfl-01", "coffee-lake", List.of("cfl-02", "cfl-03"),
                Map.of("cfl-02", "passed", "cfl-03", "failed"));
        assertThat(d.confirmation()).isEqualTo(Confirmation.CONFIRMED);
        assertThat(d.note()).isEqualTo("confirmed: also failed on cfl-03");
    }

    @Test
    void verdictsOfHostsOfOtherGenerationsDoNotCount() {
        Decision d = RegressionConfirmation.decide("cfl-01", "coffee-lake", List.of(), Map.of("kbl-01", "failed"));
        assertThat(d.confirmation()).isEqualTo(Confirmation.SINGLE_HOST);
    }
}
