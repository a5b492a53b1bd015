package org.igdlab.twin.server;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSessionFactory;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.igdlab.twin.fault.Unreachable;
import org.igdlab.twin.host.VirtualHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SSH face of one twin host: a MINA SSHD server on 127.0.0.1 (port chosen by the kernel),
 * its own fresh EC P-256 host key, public-key authentication for one client key, exec, SFTP
 * over the host's file system (through a rooted view, which SFTP sessions may close), and direct-streamlocal channels to the host's QEMU sockets.
 */
public final class TwinSshServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TwinSshServer.class);
    private final SshServer sshd;
    private final Tarpit tarpit;
    private final String fingerprint;
    private final String name;

    private TwinSshServer(SshServer sshd, Tarpit tarpit, String fingerprint, String name) {
        this.sshd = sshd;
        this.tarpit = tarpit;
        this.fingerprint = fingerprint;
        this.name = name;
    }

    /**
     * Starts the host's SSH server; a host with fault {@code unreachable} gets a {@link Tarpit}
     * on its port instead (its host key still exists, so the client has something to pin).
     */
    public static TwinSshServer start(VirtualHost host, PublicKey authorizedClientKey, ExecutorService executor) throws IOException {
        KeyPair hostKey = newHostKey();
        Optional<Unreachable> unreachable = host.faults().setting(Unreachable.class);
        if (unreachable.isPresent()) {
            Tarpit tarpit = Tarpit.start(host.spec().name(), unreachable.get(), executor);
            String fingerprint = KeyUtils.getFingerPrint(hostKey.getPublic());
            log.info("twin host {} listening on 127.0.0.1:{} but unreachable (fault): it never answers", host.spec().name(), tarpit.port());
            return new TwinSshServer(null, tarpit, fingerprint, host.spec().name());
        }
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        String user = host.spec().user();
        sshd.setPublickeyAuthenticator((username, key, session) -> user.equals(username) && KeyUtils.compareKeys(key, authorizedClientKey));
        sshd.setPasswordAuthenticator(null);
        sshd.setKeyboardInteractiveAuthenticator(null);
        sshd.setGSSAuthenticator(null);
        sshd.setHostBasedAuthenticator(null);
        sshd.setCommandFactory((channel, command) -> new ShellCommand(host, command, executor));
        sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory.Builder().build()));
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(host.fileSystem().getPath("/")));
        sshd.setChannelFactories(List.of(ChannelSessionFactory.INSTANCE, new ChannelFactory() {
            @Override
            public String getName() {
                return StreamLocalChannel.TYPE;
            }

            @Override
            public Channel createChannel(Session session) {
                return new StreamLocalChannel(host, executor);
            }
        }));
        // a rebooting host: every session drops when it goes down, and none is kept while it is down
        sshd.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                if (!host.up()) {
                    log.debug("twin host {} is down: closing a new connection", host.spec().name());
                    session.close(true);
                }
            }
        });
        host.onGoingDown(() -> sshd.getActiveSessions().forEach(s -> s.close(true)));
        sshd.start();
        String fingerprint = KeyUtils.getFingerPrint(hostKey.getPublic());
        log.info("twin host {} listening on 127.0.0.1:{} ({})", host.spec().name(), sshd.getPort(), fingerprint);
        return new TwinSshServer(sshd, null, fingerprint, host.spec().name());
    }

    private static KeyPair newHostKey() throws IOException {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot generate an EC P-256 host key", e);
        }
    }

    public int port() {
        return tarpit != null ? tarpit.port() : sshd.getPort();
    }

    /** "SHA256:<base64 without padding>", as OpenSSH prints it. */
    public String hostKeyFingerprint() {
        return fingerprint;
    }

    @Override
    public void close() throws IOException {
        if (tarpit != null) {
            tarpit.close();
            log.info("twin host {} stopped", name);
        } else if (sshd.isOpen()) {
            sshd.stop(true);
            log.info("twin host {} stopped", name);
        }
    }
}
