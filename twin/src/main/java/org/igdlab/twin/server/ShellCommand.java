package org.igdlab.twin.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.igdlab.twin.fault.DroppedConnection;
import org.igdlab.twin.host.CommandResult;
import org.igdlab.twin.host.VirtualHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** One exec request on a twin host: split the words, run them on the virtual host, report. */
final class ShellCommand implements Command {
    private static final Logger log = LoggerFactory.getLogger(ShellCommand.class);
    private final VirtualHost host;
    private final String command;
    private final ExecutorService executor;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private ChannelSession channel;

    ShellCommand(VirtualHost host, String command, ExecutorService executor) {
        this.host = host;
        this.command = command;
        this.executor = executor;
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        this.channel = channel;
        executor.execute(this::run);
    }

    private void run() {
        MDC.put("host", host.spec().name());
        try {
            runCommand();
        } finally {
            MDC.remove("host");
        }
    }

    private void runCommand() {
        CommandResult result;
        try {
            List<String> argv = PosixWords.split(command);
            result = host.exec(argv, in::readAllBytes);
        } catch (DroppedConnection e) {
            // fault drop-connection: the whole SSH session dies, no reply and no exit status
            log.info("host={} {}: closing the session", host.spec().name(), e.getMessage());
            channel.getSession().close(true);
            return;
        } catch (PosixWords.Refused e) {
            result = new CommandResult(2, "", "igdlab twin: refusing command: " + e.getMessage() + ": " + command + "\n");
        } catch (RuntimeException e) {
            log.error("host={} command failed: {}", host.spec().name(), command, e);
            result = new CommandResult(1, "", "igdlab twin: internal error: " + e + "\n");
        }
        log.debug("host={} exec [{}] -> {}", host.spec().name(), command, result.exitCode());
        try {
            out.write(result.stdout().getBytes(StandardCharsets.UTF_8));
            out.flush();
            err.write(result.stderr().getBytes(StandardCharsets.UTF_8));
            err.flush();
        } catch (IOException e) {
            log.debug("host={} client went away during [{}]", host.spec().name(), command, e);
        }
        exit.onExit(result.exitCode());
    }

    @Override
    public void destroy(ChannelSession channel) {
        // nothing to release: the command runs to completion on its own thread
    }
}
