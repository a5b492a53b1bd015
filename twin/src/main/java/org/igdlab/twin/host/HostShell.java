package org.igdlab.twin.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** The few commands a twin host's shell knows, plus the host agent when it is deployed. */
final class HostShell {
    private final VirtualHost host;

    HostShell(VirtualHost host) {
        this.host = host;
    }

    CommandResult run(List<String> argv, Stdin stdin) {
        if (argv.isEmpty()) return CommandResult.ok("");
        String command = argv.get(0);
        List<String> args = argv.subList(1, argv.size());
        return switch (command) {
            case "true" -> CommandResult.ok("");
            case "uname" -> uname(args);
            case "sha256sum" -> sha256sum(args);
            case "cat" -> cat(args);
            default -> command.startsWith("/") ? program(command, args, stdin) : CommandResult.notFound(command);
        };
    }

    private CommandResult uname(List<String> args) {
        if (args.isEmpty() || args.equals(List.of("-s"))) return CommandResult.ok("Linux\n");
        if (args.equals(List.of("-r"))) return CommandResult.ok(host.kernel() + "\n");
        if (args.equals(List.of("-a"))) {
            return CommandResult.ok("Linux " + host.spec().name() + " " + host.kernel() + " #1 SMP PREEMPT_DYNAMIC x86_64 GNU/Linux\n");
        }
        return new CommandResult(1, "", "uname: extra operand '" + args.get(args.size() - 1) + "'\n");
    }

    private CommandResult sha256sum(List<String> args) {
        List<String> files = !args.isEmpty() && args.get(0).equals("--") ? args.subList(1, args.size()) : args;
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        for (String name : files) {
            Path p = host.fileSystem().getPath(name);
            try {
                if (Files.isDirectory(p)) {
                    err.append("sha256sum: ").append(name).append(": Is a directory\n");
                } else if (!Files.exists(p)) {
                    err.append("sha256sum: ").append(name).append(": No such file or directory\n");
                } else {
                    byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
                    out.append(HexFormat.of().formatHex(digest)).append("  ").append(name).append('\n');
                }
            } catch (IOException | NoSuchAlgorithmException e) {
                err.append("sha256sum: ").append(name).append(": ").append(e.getMessage()).append('\n');
            }
        }
        return new CommandResult(err.length() == 0 ? 0 : 1, out.toString(), err.toString());
    }

    private CommandResult cat(List<String> args) {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        for (String name : args) {
            Path p = host.fileSystem().getPath(name);
            try {
                if (Files.isDirectory(p)) err.append("cat: ").append(name).append(": Is a directory\n");
                else if (!Files.exists(p)) err.append("cat: ").append(name).append(": No such file or directory\n");
                else out.append(new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
            } catch (IOException e) {
                err.append("cat: ").append(name).append(": ").append(e.getMessage()).append('\n');
            }
        }
        return new CommandResult(err.length() == 0 ? 0 : 1, out.toString(), err.toString());
    }

    private CommandResult program(String path, List<String> args, Stdin stdin) {
        Path p = host.fileSystem().getPath(path);
        try {
            if (Files.isRegularFile(p) && Files.size(p) < 1_000_000
                    && Files.readString(p, StandardCharsets.UTF_8).lines().anyMatch(l -> l.trim().equals("IGDLAB_AGENT_PROTOCOL=1"))) {
                Path root = p.getParent() == null || p.getParent().getParent() == null ? p.getRoot() : p.getParent().getParent();
                return new Agent(host, root).run(args, stdin);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            return new CommandResult(126, "", "sh: 1: " + path + ": " + e.getMessage() + "\n");
        }
        return CommandResult.notFound(path);
    }
}
