package org.igdlab.runner.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.igdlab.runner.inventory.YamlSource;
import org.igdlab.runner.inventory.YamlSource.Invalid;
import org.igdlab.runner.inventory.YamlSource.Mapping;
import org.igdlab.runner.inventory.YamlSource.Node;
import org.igdlab.runner.scenario.ScenarioException;

/**
 * The known issues of scenarios/known-issues.yaml (the file documents its format). A failed cell
 * that one of them explains is reported as known, not as a regression; a failed cell that none
 * explains stays failed, so nothing is hidden by accident.
 */
public final class KnownIssues {

    /** Every known cell's Allure message starts with this, then the issue id and title. */
    public static final String MESSAGE_PREFIX = "KNOWN ISSUE ";

    private static final Pattern AXIS = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern URL = Pattern.compile("https?://\\S+");

    private final List<KnownIssue> issues;

    public KnownIssues(List<KnownIssue> issues) {
        this.issues = List.copyOf(issues);
    }

    public static KnownIssues none() {
        return new KnownIssues(List.of());
    }

    public List<KnownIssue> issues() {
        return issues;
    }

    /** The first entry that explains this failure, in file order. */
    public Optional<KnownIssue> match(Map<String, String> cellAxes, String failureMessage) {
        return issues.stream().filter(i -> i.matches(cellAxes, failureMessage)).findFirst();
    }

    /** Reads {@code file}; a missing file is no known issues. */
    public static KnownIssues loadIfPresent(Path file) throws ScenarioException {
        return Files.exists(file) ? load(file) : none();
    }

    public static KnownIssues load(Path file) throws ScenarioException {
        try {
            return read(YamlSource.read(file));
        } catch (Invalid e) {
            throw new ScenarioException(e.getMessage(), e);
        }
    }

    static KnownIssues parse(String name, String yaml) throws ScenarioException {
        try {
            return read(YamlSource.parse(name, yaml));
        } catch (Invalid e) {
            throw new ScenarioException(e.getMessage(), e);
        }
    }

    private static KnownIssues read(Node rootNode) throws Invalid {
        Mapping root = rootNode.asMapping("a mapping with 'version' and 'issues'");
        root.onlyKeys(Set.of("version", "issues"));
        root.require("version").integer(1, 1, "version 1");
        List<KnownIssue> issues = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Node list = root.get("issues").orElse(null);
        if (list == null || list instanceof YamlSource.Scalar s && s.kind() == YamlSource.ScalarKind.NULL) {
            return none();
        }
        for (Node item : list.asSequence("a list of known issues").items()) {
            Mapping entry = item.asMapping("a known issue (id, url, title, match)");
            entry.onlyKeys(Set.of("id", "url", "title", "match"));
            Node idNode = entry.require("id");
            String id = idNode.string(KnownIssue.ID, "an issue id (letters, digits, '.', '_', '#', '-')");
            if (!ids.add(id)) {
                throw idNode.error("expected each id once, found '" + id + "' again");
            }
            String url = entry.require("url").string(URL, "an http(s) URL");
            String title = entry.require("title").asScalar("a title").text();
            Mapping match = entry.require("match").asMapping("a mapping with 'axes' and/or 'message'");
            match.onlyKeys(Set.of("axes", "message"));
            Map<String, List<String>> axes = new LinkedHashMap<>();
            Optional<Node> axesNode = match.get("axes");
            if (axesNode.isPresent()) {
                Mapping axesMap = axesNode.get().asMapping("a mapping of axis → value or list of values");
                for (Map.Entry<String, Node> axis : axesMap.entries().entrySet()) {
                    if (!AXIS.matcher(axis.getKey()).matches()) {
                        throw axesMap.keyError(axis.getKey(), "expected an axis name (e.g. generation, machine, host), found '"
                                + axis.getKey() + "'");
                    }
                    Node values = axis.getValue();
                    axes.put(axis.getKey(), values instanceof YamlSource.Sequence
                            ? values.strings(VALUE, "an axis value")
                            : List.of(values.string(VALUE, "an axis value or a list of them")));
                }
            }
            Optional<Pattern> message = Optional.empty();
            Optional<Node> messageNode = match.get("message");
            if (messageNode.isPresent()) {
                String regex = messageNode.get().asScalar("a regular expression").text();
                try {
                    message = Optional.of(Pattern.compile(regex));
                } catch (PatternSyntaxException e) {
                    throw messageNode.get().error("expected a regular expression, found '" + regex + "' ("
                            + e.getDescription() + " at index " + e.getIndex() + ")");
                }
            }
            if (axes.isEmpty() && message.isEmpty()) {
                throw match.error("expected at least one condition (axes or message); an empty match would hide every failure");
            }
            issues.add(new KnownIssue(id, url, title, axes, message));
        }
        return new KnownIssues(issues);
    }
}
