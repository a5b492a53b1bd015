package org.igdlab.runner.ssh;

import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.connection.Connection;
import net.schmizz.sshj.connection.channel.direct.AbstractDirectChannel;

/**
 * OpenSSH's {@code direct-streamlocal@openssh.com} channel: a connection to a unix socket on the
 * host, the way {@code ssh -L local:/remote.sock} makes one (PROTOCOL, section 2.4).
 */
final class StreamLocalChannel extends AbstractDirectChannel {

    static final String TYPE = "direct-streamlocal@openssh.com";

    private final String socketPath;

    StreamLocalChannel(Connection connection, String socketPath) {
        super(connection, TYPE);
        this.socketPath = socketPath;
    }

    @Override
    protected SSHPacket buildOpenReq() {
        return super.buildOpenReq()
                .putString(socketPath)
                .putString("") // reserved
                .putUInt32(0); // reserved
    }
}
