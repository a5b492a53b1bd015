package org.igdlab.lab;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;

/**
 * The key the runner logs in to the embedded fleet with: generated fresh for each fleet, written
 * as an OpenSSH private key file (mode 0600) that the runner loads like any lab key. Public for
 * {@code lab bench}, which serves its own fleets.
 */
public final class ClientKey {

    private final KeyPair keyPair;
    private final Path file;

    private ClientKey(KeyPair keyPair, Path file) {
        this.keyPair = keyPair;
        this.file = file;
    }

    public static ClientKey generate(Path dir) throws IOException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            Path file = dir.resolve("id_ecdsa");
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (OutputStream out = Files.newOutputStream(file)) {
                OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "igdlab-embedded-fleet", null, out);
            }
            return new ClientKey(pair, file);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot generate the embedded fleet's client key: " + e.getMessage(), e);
        }
    }

    public KeyPair keyPair() {
        return keyPair;
    }

    public Path file() {
        return file;
    }
}
