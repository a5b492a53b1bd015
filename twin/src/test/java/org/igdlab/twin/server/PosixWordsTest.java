package org.igdlab.twin.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PosixWordsTest {
    @Test
    void splitsSingleQuotedWordsWithTheRunnersEscapeForAQuote() throws Exception {
        assertThat(PosixWords.split("'/var/lib/igdlab/bin/igdlab-agent' 'launch' 'it'\\''s'"))
                .containsExactly("/var/lib/igdlab/bin/igdlab-agent", "launch", "it's");
    }

    @Test
    void splitsDoubleQuotesAndBackslashEscapes() throws Exception {
        assertThat(PosixWords.split("echo \"a b\" c\\ d \"q\\\"x\" ''")).containsExactly("echo", "a b", "c d", "q\"x", "");
        assertThat(PosixWords.split("  sha256sum   --  /p  ")).isEqualTo(List.of("sha256sum", "--", "/p"));
    }

    @Test
    void keepsMetacharactersInsideQuotes() throws Exception {
        assertThat(PosixWords.split("'a;b|c&d$e`f<g>h(i)j*k?l'")).containsExactly("a;b|c&d$e`f<g>h(i)j*k?l");
    }

    @ParameterizedTest
    @ValueSource(strings = {"true; reboot", "cat /etc/passwd | nc", "a & b", "echo $HOME", "echo `id`", "a < b", "a > b",
            "(a)", "ls *", "ls ?", "a\nb", "echo \"$HOME\""})
    void refusesUnquotedShellMetacharacters(String command) {
        assertThatThrownBy(() -> PosixWords.split(command)).isInstanceOf(PosixWords.Refused.class);
    }

    @Test
    void refusesAnUnterminatedQuote() {
        assertThatThrownBy(() -> PosixWords.split("'abc")).hasMessageContaining("unterminated single quote");
    }
}
