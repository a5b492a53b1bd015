package org.igdlab.runner.run;

import java.io.InputStream;

import io.qameta.allure.AllureResultsWriter;
import io.qameta.allure.model.TestResult;
import io.qameta.allure.model.TestResultContainer;

/**
 * Drops what Allure writes while the TestNG engine discovers tests. The engine discovers by
 * running TestNG in dry-run mode ({@code testng.mode.dryrun=true}), and allure-testng records
 * that run too: without this filter every cell would appear twice, once as an empty "passed"
 * (see shared/launcher-testng-allure-notes.md).
 */
final class DryRunAwareResultsWriter implements AllureResultsWriter {

    private final AllureResultsWriter delegate;

    DryRunAwareResultsWriter(AllureResultsWriter delegate) {
        this.delegate = delegate;
    }

    private static boolean discovering() {
        return Boolean.parseBoolean(System.getProperty("testng.mode.dryrun", "false"));
    }

    @Override
    public void write(TestResult testResult) {
        if (!discovering()) {
            delegate.write(testResult);
        }
    }

    @Override
    public void write(TestResultContainer testResultContainer) {
        if (!discovering()) {
            delegate.write(testResultContainer);
        }
    }

    @Override
    public void write(String source, InputStream attachment) {
        if (!discovering()) {
            delegate.write(source, attachment);
        }
    }
}
