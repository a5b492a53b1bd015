package org.igdlab.runner.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class ShellWordsTest {

    @Test
    void singleQuotesEveryWord() {
        assertThat(ShellWords.quote(List.of("sha256sum", "--", "/var/lib/igdlab/bin/igdlab-agent")))
                .isEqualTo("'sha256sum' '--' '/var/lib/igdlab/bin/igdlab-agent'");
    }

    @Test
    void turnsASingleQuoteIntoCloseEscapeReopen() {
        assertThat(ShellWords.quote("it's")).isEqualTo("'it'\\''s'");
    }

    @Test
    void leavesDollarsBackquotesAndGlobsInert() {
        assertThat(ShellWords.quote(List.of("$(reboot)", "`id`", "*"))).isEqualTo("'$(reboot)' '`id`' '*'");
    }

    @Test
    void quotesTheEmptyWord() {
        assertThat(ShellWords.quote("")).isEqualTo("''");
    }

    @Test
    void roundTripsThroughAPosixSplit() {
        List<String> argv = List.of("a b", "'", "''", "x'y'z", "\\", "\"", "tab\there", "new\nline");
        assertThat(EmbeddedSshServer.posixSplit(ShellWords.quote(argv))).isEqualTo(argv);
    }

    @Test
    void refusesAnEmptyArgvAndNul() {
        assertThatThrownBy(() -> ShellWords.quote(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShellWords.quote("a\0b")).isInstanceOf(IllegalArgumentException.class);
    }
}
