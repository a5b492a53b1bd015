package org.igdlab.twin.fleet;

import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.connection.Connection;
import net.schmizz.sshj.connection.channel.direct.AbstractDirectChannel;

/** OpenSSH's direct-streamlocal@openssh.com channel: a connection to a UNIX socket on the server. */
final class DirectStreamLocal extends AbstractDirectChannel {
    private final String socketPath;

    DirectStreamLocal(Connection connection, String socketPath) {
        super(connection, "direct-streamlocal@openssh.com");
        this.socketPath = socketPath;
    }

    @Override
    protected SSHPacket buildOpenReq() {
        return super.buildOpenReq().putString(socketPath).putString("").putUInt32(0);
    }
}
