package org.igdlab.runner.realtier;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RealTierRequirementsTest {

    @Test
    void theSkipMessageNamesEveryMissingThingAndHowToEnableTheTier() {
        assertThat(RealTierRequirements.missing(null, 1000, "/nonexistent")).hasValueSatisfying(message -> assertThat(message)
                .contains("IGDLAB_REALTIER is unset (set IGDLAB_REALTIER=1 to run this tier)")
                .contains("not running as root (uid 1000")
                .contains("apt-get install -y openssh-server")
                .contains("IGDLAB_REALTIER=1 mvn -pl runner test"));
    }

    @Test
    void aWrongOptInValueIsQuotedInTheSkipMessage() {
        assertThat(RealTierRequirements.missing("yes", 0, System.getenv("PATH")))
                .hasValueSatisfying(message -> assertThat(message).contains("IGDLAB_REALTIER is 'yes'"));
    }
}
