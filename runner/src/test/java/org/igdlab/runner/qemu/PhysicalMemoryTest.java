package org.igdlab.runner.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.igdlab.runner.time.Deadline;
import org.junit.jupiter.api.Test;

class PhysicalMemoryTest {

    /** A monitor that answers every command with one text and records what it was asked. */
    private static final class OneReply implements Qmp {
        final List<String> asked = new ArrayList<>();
        final String reply;

        OneReply(String reply) {
            this.reply = reply;
        }

        @Override
        public JsonNode execute(String command, ObjectNode arguments, Deadline d) {
            asked.add(command + " " + arguments.path("command-line").asText());
            return JsonNodeFactory.instance.textNode(reply);
        }

        @Override
        public JsonNode greeting() {
            return JsonNodeFactory.instance.objectNode();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void asksXpForTheBytesAndReadsThemBack() throws Exception {
        OneReply qmp = new OneReply("00000000bfffe000: 0x49 0x6e 0x74 0x65 0x6c 0x47 0x72 0x61\r\n"
                + "00000000bfffe008: 0x70 0x68\r\n");
        StringBuilder raw = new StringBuilder();
        byte[] b = PhysicalMemory.read(qmp, 0xbfffe000L, 10, Deadline.after(Duration.ofSeconds(5)), raw);
        assertThat(new String(b, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("IntelGraph");
        assertThat(qmp.asked).containsExactly("human-monitor-command xp /10xb 0xbfffe000");
        assertThat(raw.toString()).startsWith("(qemu) xp /10xb 0xbfffe000\n00000000bfffe000:").doesNotContain("\r");
    }

    @Test
    void readsZeroBytesAsQemuPrintsThemWithoutAPrefix() {
        // memory_dump prints "%#*x": a zero byte has no 0x
        byte[] b = PhysicalMemory.parse("0000000000001000:    0 0x5  0xff\n", 0x1000, 3);
        assertThat(b).containsExactly(0, 5, 0xff);
    }

    @Test
    void aMonitorErrorOrAGapIsNotTakenForMemory() {
        assertThatThrownBy(() -> PhysicalMemory.parse("Cannot access memory\r\n", 0x1000, 8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Cannot access memory");
        assertThatThrownBy(() -> PhysicalMemory.parse("0000000000001008: 0x00\n", 0x1000, 1))
                .hasMessageContaining("where 0x1000 was next");
        assertThatThrownBy(() -> PhysicalMemory.parse("0000000000001000: 0x00\n", 0x1000, 2))
                .hasMessageContaining("1 of the 2 bytes");
    }
}
