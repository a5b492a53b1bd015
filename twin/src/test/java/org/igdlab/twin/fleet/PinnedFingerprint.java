package org.igdlab.twin.fleet;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;

/** Accepts exactly one host key: the one whose OpenSSH SHA256 fingerprint was pinned. */
final class PinnedFingerprint implements HostKeyVerifier {
    private final String expected;

    PinnedFingerprint(String expected) {
        this.expected = expected;
    }

    static String of(PublicKey key) {
        try {
            byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean verify(String hostname, int port, PublicKey key) {
        return expected.equals(of(key));
    }

    @Override
    public List<String> findExistingAlgorithms(String hostname, int port) {
        return List.of();
    }
}
