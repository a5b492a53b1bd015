package org.igdlab.runner.host;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.igdlab.runner.ssh.DuplexStream;
import org.igdlab.runner.ssh.ExecResult;
import org.igdlab.runner.ssh.RemoteShell;
import org.igdlab.runner.time.Deadline;

/** A RemoteShell that answers exec requests from a script, in order, and records what it was asked. */
final class ScriptedShell implements RemoteShell {

    record Call(List<String> argv, String stdin) {
    }

    private final Deque<Object[]> replies = new ArrayDeque<>();
    final List<Call> calls = new ArrayList<>();
    final Map<String, byte[]> files = new HashMap<>();
    final List<String> downloads = new ArrayList<>();

    ScriptedShell reply(int exit, String stdout, String stderr) {
        replies.add(new Object[] {exit, stdout, stderr});
        return this;
    }

    @Override
    public String hostName() {
        return "kbl-01";
    }

    @Override
    public ExecResult exec(List<String> argv, byte[] stdin, Deadline deadline) {
        calls.add(new Call(argv, stdin == null ? null : new String(stdin, UTF_8)));
        Object[] reply = replies.remove();
        return new ExecResult(argv, OptionalInt.of((Integer) reply[0]), Optional.empty(),
                ((String) reply[1]).getBytes(UTF_8), (String) reply[2], Duration.ofMillis(120));
    }

    @Override
    public void upload(byte[] content, String remotePath, int mode, Deadline deadline) {
        files.put(remotePath, content);
    }

    @Override
    public byte[] download(String remotePath, long maxBytes, Deadline deadline) {
        downloads.add(remotePath);
        return files.getOrDefault(remotePath, new byte[0]);
    }

    @Override
    public DuplexStream openUnixSocket(String socketPath, Deadline deadline) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
    }
}
