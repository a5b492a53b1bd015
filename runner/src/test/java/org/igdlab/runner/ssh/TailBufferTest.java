package org.igdlab.runner.ssh;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TailBufferTest {

    @Test
    void keepsEverythingUpToItsCapacity() {
        TailBuffer tail = new TailBuffer(8);
        tail.write("abc".getBytes(UTF_8), 0, 3);
        assertThat(tail.text()).isEqualTo("abc");
    }

    @Test
    void keepsOnlyTheLastBytesAndSaysSo() {
        TailBuffer tail = new TailBuffer(4);
        tail.write("abcdef".getBytes(UTF_8), 0, 6);
        tail.write("gh".getBytes(UTF_8), 0, 2);
        assertThat(tail.text()).isEqualTo("[...] efgh");
    }
}
