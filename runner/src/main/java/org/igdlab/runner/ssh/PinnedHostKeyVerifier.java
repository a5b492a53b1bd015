package org.igdlab.runner.ssh;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;

/**
 * Accepts exactly one host key: the one whose OpenSSH SHA-256 fingerprint is pinned in the
 * inventory. Remembers what the host presented so that a refusal can name both fingerprints.
 */
final class PinnedHostKeyVerifier implements HostKeyVerifier {

    private final String pinned;
    private final AtomicReference<String> presented = new AtomicReference<>();

    PinnedHostKeyVerifier(String pinned) {
        this.pinned = pinned;
    }

    @Override
    public boolean verify(String hostname, int port, PublicKey key) {
        String fingerprint = fingerprint(key);
        presented.set(fingerprint);
        return MessageDigest.isEqual(fingerprint.getBytes(StandardCharsets.US_ASCII),
                pinned.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public List<String> findExistingAlgorithms(String hostname, int port) {
        return List.of(); // a fingerprint does not say the key type; let sshj use its default order
    }

    /** The fingerprint the host presented, if it got that far. */
    Optional<String> presented() {
        return Optional.ofNullable(presented.get());
    }

    /** Whether the host presented a key and it was not the pinned one. */
    boolean mismatched() {
        String seen = presented.get();
        return seen != null && !seen.equals(pinned);
    }

    /** {@code SHA256:} + unpadded base64 of the SHA-256 of the SSH wire encoding of the key, as OpenSSH prints it. */
    static String fingerprint(PublicKey key) {
        byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
