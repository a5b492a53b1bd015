package org.igdlab.runner.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import io.qameta.allure.AllureResultsWriter;
import io.qameta.allure.model.TestResult;
import io.qameta.allure.model.TestResultContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DryRunAwareResultsWriterTest {

    private final List<String> written = new ArrayList<>();
    private final DryRunAwareResultsWriter writer = new DryRunAwareResultsWriter(new AllureResultsWriter() {
        @Override
        public void write(TestResult testResult) {
            written.add("result " + testResult.getName());
        }

        @Override
        public void write(TestResultContainer container) {
            written.add("container " + container.getName());
        }

        @Override
        public void write(String source, InputStream attachment) {
            written.add("attachment " + source);
        }
    });

    @AfterEach
    void clearTheFlag() {
        System.clearProperty("testng.mode.dryrun");
    }

    @Test
    void dropsEverythingWrittenWhileTheEngineDiscoversInDryRunMode() {
        System.setProperty("testng.mode.dryrun", "true");

        writer.write(new TestResult().setName("cell"));
        writer.write(new TestResultContainer().setName("class"));
        writer.write("a.txt", new ByteArrayInputStream(new byte[1]));

        assertThat(written).isEmpty();
    }

    @Test
    void passesEverythingThroughOnceTheRealRunStarts() {
        System.setProperty("testng.mode.dryrun", "false");
        writer.write(new TestResult().setName("cell"));
        System.clearProperty("testng.mode.dryrun");
        writer.write("a.txt", new ByteArrayInputStream(new byte[1]));

        assertThat(written).containsExactly("result cell", "attachment a.txt");
    }
}
