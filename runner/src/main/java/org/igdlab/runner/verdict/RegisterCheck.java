package org.igdlab.runner.verdict;

import org.igdlab.runner.scenario.RegisterExpectation;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Decides whether one guest register meets its expectation.
 *
 * <p>FIRMWARE_ALLOCATED means: non-zero, below 4 GiB, aligned ({@code alignment}: 4 KiB for ASLS,
 * 1 MiB for BDSM, whose lock bit 0 is ignored) and not the host's value (a guest reading the host
 * address means nothing wrote it).
 */
record RegisterCheck(String subject, int hexDigits, long alignment, boolean lockBit) {

    static final RegisterCheck ASLS = new RegisterCheck("0xFC (ASLS)", 8, 4096, false);
    static final RegisterCheck BDSM = new RegisterCheck("0x5C (BDSM)", 8, 1L << 20, true);
    static final RegisterCheck BDSM64 = new RegisterCheck("0xC0 (BDSM, 64-bit)", 16, 1L << 20, true);
    static final RegisterCheck GGC = new RegisterCheck("0x50 (GGC)", 4, 1, false);

    private static final long FOUR_GIB = 1L << 32;

    String hex(long v) {
        return String.format("0x%0" + hexDigits + "x", v);
    }

    private String offset() {
        return subject.substring(0, subject.indexOf(' '));
    }

    /** Empty when the register meets the expectation; {@code check} receives a line for the record. */
    Optional<Mismatch> judge(RegisterExpectation expected, OptionalLong observed, OptionalLong host, String cite,
                             java.util.List<String> checks) {
        return judge(expected, OptionalLong.empty(), observed, host, cite, checks);
    }

    /** As above; {@code exact} is the value an {@link RegisterExpectation#EXACT} expectation wants. */
    Optional<Mismatch> judge(RegisterExpectation expected, OptionalLong exact, OptionalLong observed, OptionalLong host,
                             String cite, java.util.List<String> checks) {
        if (expected == RegisterExpectation.EXACT && exact.isEmpty()) {
            throw new IllegalArgumentException(subject + ": an exact expectation needs its value");
        }
        if (expected == RegisterExpectation.UNCHECKED) {
            checks.add(subject + ": not checked (the model gives no checkable value)"
                    + (observed.isPresent() ? "; observed " + hex(observed.getAsLong()) : ""));
            return Optional.empty();
        }
        String want = describe(expected, exact, host);
        if (observed.isEmpty()) {
            return Optional.of(new Mismatch(subject, want, "not observed",
                    "expected " + offset() + ": " + want + "; the guest probe did not show these bytes (" + cite + ")"));
        }
        long v = observed.getAsLong();
        Optional<String> problem = problem(expected, exact, v, host);
        if (problem.isEmpty()) {
            checks.add(subject + ": " + want + " — observed " + hex(v));
            return Optional.empty();
        }
        return Optional.of(new Mismatch(subject, want, hex(v),
                "expected " + offset() + ": " + want + "; observed " + hex(v) + ", " + problem.get() + " (" + cite + ")"));
    }

    private String describe(RegisterExpectation expected, OptionalLong exact, OptionalLong host) {
        return switch (expected) {
            case FIRMWARE_ALLOCATED -> "firmware-allocated, " + (alignment == 4096 ? "page-aligned" : "1 MiB-aligned")
                    + " below 4 GiB, ≠ host " + (host.isPresent() ? hex(host.getAsLong()) : "(not in inventory)");
            case ZERO -> "0 (emulated, never written)";
            case HOST -> "the host value " + (host.isPresent() ? hex(host.getAsLong()) : "(not in inventory)");
            case UNCHECKED -> "anything";
            case EXACT -> "emulated " + hex(exact.getAsLong()) + " (host " + (host.isPresent() ? hex(host.getAsLong())
                    : "(not in inventory)") + " with the override)";
        };
    }

    private Optional<String> problem(RegisterExpectation expected, OptionalLong exact, long v, OptionalLong host) {
        return switch (expected) {
            case ZERO -> v == 0 ? Optional.empty() : Optional.of("which is not 0");
            case HOST -> host.isEmpty()
                    ? Optional.of("but the inventory gives no host value to compare with")
                    : v == host.getAsLong() ? Optional.empty() : Optional.of("which is not the host value");
            case FIRMWARE_ALLOCATED -> firmwareProblem(v, host);
            case UNCHECKED -> Optional.empty();
            case EXACT -> v == exact.getAsLong() ? Optional.empty()
                    : Optional.of(host.isPresent() && v == host.getAsLong() ? "which is the host value (not overridden)"
                    : "which is not the overridden value");
        };
    }

    private Optional<String> firmwareProblem(long v, OptionalLong host) {
        long base = lockBit ? v & ~1L : v;
        if (base == 0) {
            return Optional.of("so no firmware wrote it");
        }
        if (Long.compareUnsigned(base, FOUR_GIB) >= 0) {
            return Optional.of("which is not below 4 GiB");
        }
        if (base % alignment != 0) {
            return Optional.of("which is not " + (alignment == 4096 ? "page" : "1 MiB") + "-aligned");
        }
        if (host.isPresent() && (lockBit ? host.getAsLong() & ~1L : host.getAsLong()) == base) {
            return Optional.of("which is the host's value, so the guest sees the host address");
        }
        return Optional.empty();
    }
}
