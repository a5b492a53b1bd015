package org.igdlab.runner.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The run-level files of allure-results besides the results: {@code categories.json} (product
 * defect, lab fault, known issue) and {@code executor.json} (who ran it, which build).
 *
 * <p>Allure puts a result in every category whose statuses and message pattern it matches, and
 * matches the pattern against the whole message. So "Known issue" is the failed results whose
 * message starts with {@link KnownIssues#MESSAGE_PREFIX}, and "Product defect" the failed results
 * whose message does not.
 */
final class AllureMetadata {

    static final String PRODUCT_DEFECT = "Product defect";
    static final String LAB_FAULT = "Lab fault";
    static final String KNOWN_ISSUE = "Known issue";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AllureMetadata() {
    }

    static String categories() throws IOException {
        String known = Pattern.quote(KnownIssues.MESSAGE_PREFIX);
        ArrayNode root = JSON.createArrayNode();
        ObjectNode product = root.addObject().put("name", PRODUCT_DEFECT)
                .put("description", "The product under test missed an expectation (QEMU, firmware, kernel); no known issue explains it")
                .put("messageRegex", "(?s)(?!" + known + ").*");
        product.putArray("matchedStatuses").add("failed");
        ObjectNode knownIssue = root.addObject().put("name", KNOWN_ISSUE)
                .put("description", "Failed as a scenarios/known-issues.yaml entry explains; not a regression")
                .put("messageRegex", "(?s)" + known + ".*");
        knownIssue.putArray("matchedStatuses").add("failed");
        ObjectNode lab = root.addObject().put("name", LAB_FAULT)
                .put("description", "The lab is at fault: host unreachable, SSH, agent or deploy error, timeout before the guest ran");
        lab.putArray("matchedStatuses").add("broken");
        return JSON.writeValueAsString(root);
    }

    /**
     * Executor of the run. {@code CI_JOB_URL} (GitLab) or {@code BUILD_URL} (Jenkins) becomes the
     * build URL when set; {@code buildOrder} numbers the runs so the trend chart orders them.
     */
    static String executor(String runId, String suite, long buildOrder, Map<String, String> env) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("name", "igdlab");
        String url = nonBlank(env.get("CI_JOB_URL")) ? env.get("CI_JOB_URL") : env.get("BUILD_URL");
        String type = nonBlank(env.get("CI_JOB_URL")) ? "gitlab" : nonBlank(env.get("BUILD_URL")) ? "jenkins" : "igdlab";
        root.put("type", type);
        root.put("buildName", runId);
        root.put("buildOrder", buildOrder);
        root.put("reportName", "igdlab " + suite + " " + runId);
        if (nonBlank(url)) {
            root.put("buildUrl", url);
        }
        return JSON.writeValueAsString(root);
    }

    static void write(Path results, String runId, String suite, long buildOrder, Map<String, String> env) throws IOException {
        java.nio.file.Files.writeString(results.resolve("categories.json"), categories());
        java.nio.file.Files.writeString(results.resolve("executor.json"), executor(runId, suite, buildOrder, env));
    }

    private static boolean nonBlank(String s) {
        return s != null && !s.isBlank();
    }
}
