package org.igdlab.runner.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class SshTargetTest {

    private static final String PIN = "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s";

    @Test
    void acceptsAnOpenSshFingerprint() {
        SshTarget target = new SshTarget("kbl-01", "10.0.0.5", 22, "lab", Path.of("id"), PIN);
        assertThat(target.endpoint()).isEqualTo("10.0.0.5:22");
    }

    @Test
    void refusesAFingerprintInAnotherFormNamingTheValue() {
        assertThatThrownBy(() -> new SshTarget("kbl-01", "10.0.0.5", 22, "lab", Path.of("id"),
                "MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MD5:16:27")
                .hasMessageContaining("kbl-01");
        assertThatThrownBy(() -> new SshTarget("kbl-01", "10.0.0.5", 22, "lab", Path.of("id"), PIN + "="))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAPortOutOfRange() {
        assertThatThrownBy(() -> new SshTarget("kbl-01", "10.0.0.5", 0, "lab", Path.of("id"), PIN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port (0)");
    }
}
