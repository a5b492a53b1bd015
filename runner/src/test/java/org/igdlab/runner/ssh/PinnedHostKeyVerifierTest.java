package org.igdlab.runner.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.junit.jupiter.api.Test;

class PinnedHostKeyVerifierTest {

    private static KeyPair ec() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    @Test
    void computesTheFingerprintOpenSshPrints() throws Exception {
        KeyPair key = ec();
        assertThat(PinnedHostKeyVerifier.fingerprint(key.getPublic()))
                .isEqualTo(KeyUtils.getFingerPrint(BuiltinDigests.sha256, key.getPublic()))
                .matches("SHA256:[A-Za-z0-9+/]{43}");
    }

    @Test
    void acceptsThePinnedKeyOnly() throws Exception {
        KeyPair pinned = ec();
        KeyPair other = ec();
        PinnedHostKeyVerifier verifier = new PinnedHostKeyVerifier(PinnedHostKeyVerifier.fingerprint(pinned.getPublic()));

        assertThat(verifier.verify("h", 22, pinned.getPublic())).isTrue();
        assertThat(verifier.mismatched()).isFalse();
        assertThat(verifier.verify("h", 22, other.getPublic())).isFalse();
        assertThat(verifier.mismatched()).isTrue();
        assertThat(verifier.presented()).contains(PinnedHostKeyVerifier.fingerprint(other.getPublic()));
    }
}
