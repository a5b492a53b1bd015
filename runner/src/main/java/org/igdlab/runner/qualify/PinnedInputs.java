package org.igdlab.runner.qualify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.igdlab.runner.inventory.Host;
import org.igdlab.runner.inventory.Inventory;

/**
 * Every input of a qualification, pinned: each file (suite, oracle, known issues, inventory,
 * artifacts catalogue) with its sha256 when the run started, and each candidate build with the
 * catalogue's sha256 and where each host has it.
 */
record PinnedInputs(List<File> files, List<Build> builds) {

    /** An input file and its sha256 ({@code absent} when the file does not exist, e.g. no known-issues.yaml). */
    record File(String role, Path path, String sha256) {
        File {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(sha256, "sha256");
        }
    }

    /**
     * A candidate build: the artifacts.yaml entry (its sha256, if the catalogue gives one, is what
     * the host agent's {@code stage} verifies) and its path on each host that has it.
     */
    record Build(Candidate candidate, Map<String, String> pathOnHost) {
        Build {
            Objects.requireNonNull(candidate, "candidate");
            pathOnHost = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pathOnHost));
        }

        Optional<String> sha256() {
            return candidate.artifact().sha256();
        }
    }

    PinnedInputs {
        files = List.copyOf(files);
        builds = List.copyOf(builds);
    }

    static PinnedInputs of(Map<String, Path> files, Candidates candidates, Inventory inventory) throws IOException {
        List<File> pinned = new ArrayList<>();
        for (Map.Entry<String, Path> f : files.entrySet()) {
            Path p = f.getValue().toAbsolutePath().normalize();
            pinned.add(new File(f.getKey(), p, Files.isRegularFile(p) ? sha256(p) : "absent"));
        }
        List<Build> builds = new ArrayList<>();
        for (Candidate c : candidates.all()) {
            Map<String, String> where = new LinkedHashMap<>();
            for (Host h : inventory.hosts()) {
                String path = h.installed().get(c.artifact().name());
                if (path != null) {
                    where.put(h.name(), path);
                }
            }
            builds.add(new Build(c, where));
        }
        return new PinnedInputs(pinned, builds);
    }

    /** For Allure's environment widget: one line per file and per build. */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (File f : files) {
            env.put("qualification.input." + f.role(), f.path().getFileName() + " sha256:" + f.sha256());
        }
        for (Build b : builds) {
            env.put("qualification.candidate." + b.candidate().kind(), b.candidate().artifact().name() + " "
                    + b.sha256().map(s -> "sha256:" + s).orElse("(no sha256 in artifacts.yaml)"));
        }
        return env;
    }

    static String sha256(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (var in = Files.newInputStream(file)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
