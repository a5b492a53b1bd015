package org.igdlab.runner.host;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** What the agent's {@code facts} verb says about a host. A register the agent could not read is empty, never guessed. */
public record HostFacts(String kernelRelease, String kernelCmdline, boolean iommuEnabled, Optional<String> igdBdf,
        Optional<String> igdVendor, Optional<String> igdDevice, Optional<String> igdClass, Optional<String> igdDriver,
        List<String> groupMembers, OptionalLong asls, OptionalLong bdsm, OptionalLong bdsm64, OptionalLong ggc,
        long romSize, Optional<String> qemuVersion, int cellsRunning, AgentReply raw) {

    public HostFacts {
        Objects.requireNonNull(kernelRelease, "kernelRelease");
        Objects.requireNonNull(kernelCmdline, "kernelCmdline");
        groupMembers = List.copyOf(groupMembers);
        Objects.requireNonNull(raw, "raw");
    }

    /** This boot's id ({@code boot.id}, from /proc/sys/kernel/random/boot_id); empty from an agent that does not print it. */
    public Optional<String> bootId() {
        return raw.first("boot.id").filter(id -> !id.isBlank());
    }

    /** Whether the kernel command line has {@code option} as one whole word ({@code intel_iommu=on}, {@code iommu=pt}). */
    public boolean cmdlineHas(String option) {
        return List.of(kernelCmdline.trim().split("\\s+")).contains(option);
    }

    /** Reads the facts out of a reply; a malformed number is an {@link IllegalArgumentException} naming key and value. */
    static HostFacts from(AgentReply reply) {
        return new HostFacts(
                reply.first("kernel.release").orElse(""),
                reply.first("kernel.cmdline").orElse(""),
                reply.first("iommu.enabled").map("1"::equals).orElse(false),
                reply.first("igd.bdf"),
                reply.first("igd.vendor"),
                reply.first("igd.device"),
                reply.first("igd.class"),
                reply.first("igd.driver"),
                reply.all("igd.group.member"),
                hex(reply, "igd.reg.asls"),
                hex(reply, "igd.reg.bdsm"),
                hex(reply, "igd.reg.bdsm64"),
                hex(reply, "igd.reg.ggc"),
                decimal(reply, "igd.rom.size").orElse(0),
                reply.first("qemu.version"),
                (int) decimal(reply, "cells.running").orElse(0),
                reply);
    }

    private static OptionalLong hex(AgentReply reply, String key) {
        Optional<String> value = reply.first(key);
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        String text = value.get();
        if (!text.matches("0x[0-9a-fA-F]{1,16}")) {
            throw new IllegalArgumentException(key + "=" + text + " is not a 0x-prefixed hex number of at most 64 bits");
        }
        return OptionalLong.of(Long.parseUnsignedLong(text.substring(2), 16));
    }

    private static OptionalLong decimal(AgentReply reply, String key) {
        Optional<String> value = reply.first(key);
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            long n = Long.parseLong(value.get());
            if (n < 0) {
                throw new NumberFormatException("negative");
            }
            return OptionalLong.of(n);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + value.get() + " is not a non-negative decimal number", e);
        }
    }

    static OptionalInt optionalInt(AgentReply reply, String key) {
        OptionalLong n = decimal(reply, key);
        return n.isPresent() ? OptionalInt.of((int) n.getAsLong()) : OptionalInt.empty();
    }

    static OptionalLong optionalLong(AgentReply reply, String key) {
        return decimal(reply, key);
    }
}
