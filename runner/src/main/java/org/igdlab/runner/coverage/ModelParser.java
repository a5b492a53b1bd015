package org.igdlab.runner.coverage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses PICT's model format. Parameter lines come first; the first line that starts like a
 * constraint ({@code IF}, {@code [}, {@code (} or {@code NOT}) begins the constraint section,
 * which runs to the end of the file. Lines whose first non-blank character is {@code #} are
 * comments. String comparisons ignore case, as PICT's do by default.
 */
final class ModelParser {

    private static final Pattern CONSTRAINT_START =
            Pattern.compile("^(?:\\[|\\(|(?i:IF|NOT)(?![A-Za-z0-9_.-])).*", Pattern.DOTALL);

    private final String source;
    private final String[] lines;
    private final List<Parameter> parameters = new ArrayList<>();
    private final Map<String, Integer> index = new HashMap<>();
    private List<Token> tokens;
    private int pos;

    ModelParser(String source, String text) {
        this.source = source;
        this.lines = text.split("\\r?\\n|\\r", -1);
    }

    PictModel parse() {
        int lineNo = 0;
        for (; lineNo < lines.length; lineNo++) {
            String line = lines[lineNo];
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (CONSTRAINT_START.matcher(trimmed).matches()) {
                break;
            }
            parseParameter(lineNo + 1, line);
        }
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException(source + ": no parameters; expected lines like 'name: value1, value2'");
        }
        tokens = new Lexer(source, lines, lineNo).tokens();
        pos = 0;
        List<Constraint> constraints = new ArrayList<>();
        while (peek().kind() != Kind.EOF) {
            constraints.add(parseConstraint());
        }
        return new PictModel(source, parameters, constraints);
    }

    // ---- parameters -------------------------------------------------------------------------

    private void parseParameter(int lineNo, String line) {
        int colon = line.indexOf(':');
        int nameStart = firstNonBlank(line, 0);
        if (colon < 0) {
            throw error(lineNo, nameStart + 1, "expected 'name: value, value, ...' or a constraint, found '"
                    + line.strip() + "'");
        }
        String name = line.substring(0, colon).strip();
        if (name.isEmpty()) {
            throw error(lineNo, colon + 1, "expected a parameter name before ':'");
        }
        if (name.matches(".*[\\[\\]\"{},;].*")) {
            throw error(lineNo, nameStart + 1, "expected a parameter name without [ ] \" { } , ;, found '" + name + "'");
        }
        if (index.containsKey(name)) {
            throw error(lineNo, nameStart + 1, "parameter '" + name + "' is already declared");
        }
        List<String> values = new ArrayList<>();
        int start = colon + 1;
        while (true) {
            int comma = line.indexOf(',', start);
            int end = comma < 0 ? line.length() : comma;
            String value = line.substring(start, end).strip();
            if (value.isEmpty()) {
                String where = values.isEmpty() ? "after ':'" : "after ','";
                throw error(lineNo, Math.min(end, line.length()) + 1, "expected a value " + where
                        + (comma < 0 ? ", found end of line" : ", found ','"));
            }
            if (values.contains(value)) {
                throw error(lineNo, firstNonBlank(line, start) + 1,
                        "value '" + value + "' of parameter '" + name + "' is listed twice");
            }
            values.add(value);
            if (comma < 0) {
                break;
            }
            start = comma + 1;
        }
        index.put(name, parameters.size());
        parameters.add(new Parameter(name, values));
    }

    private static int firstNonBlank(String line, int from) {
        int i = from;
        while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        return i;
    }

    // ---- constraints ------------------------------------------------------------------------

    private Constraint parseConstraint() {
        Token first = peek();
        Expr expr;
        if (first.isKeyword("IF")) {
            next();
            Expr condition = parseOr();
            expectKeyword("THEN", "after the IF condition");
            Expr then = parseOr();
            Expr otherwise = null;
            if (peek().isKeyword("ELSE")) {
                next();
                otherwise = parseOr();
            }
            expr = new Expr.IfThenElse(condition, then, otherwise);
        } else {
            expr = parseOr();
        }
        Token end = next();
        if (end.kind() != Kind.SEMICOLON) {
            throw error(end, "expected ';' or AND/OR to continue the constraint, found " + end.describe());
        }
        return new Constraint(sourceText(first, end), first.line(), expr);
    }

    private String sourceText(Token from, Token to) {
        StringBuilder text = new StringBuilder();
        for (int i = tokens.indexOf(from); i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(t.text());
            if (t == to) {
                break;
            }
        }
        return text.toString().replace(" ;", ";");
    }

    private Expr parseOr() {
        List<Expr> terms = new ArrayList<>();
        terms.add(parseAnd());
        while (peek().isKeyword("OR")) {
            next();
            terms.add(parseAnd());
        }
        return terms.size() == 1 ? terms.get(0) : new Expr.Or(terms);
    }

    private Expr parseAnd() {
        List<Expr> terms = new ArrayList<>();
        terms.add(parseUnary());
        while (peek().isKeyword("AND")) {
            next();
            terms.add(parseUnary());
        }
        return terms.size() == 1 ? terms.get(0) : new Expr.And(terms);
    }

    private Expr parseUnary() {
        Token t = peek();
        if (t.isKeyword("NOT")) {
            next();
            return new Expr.Not(parseUnary());
        }
        if (t.kind() == Kind.LPAREN) {
            next();
            Expr inner = parseOr();
            Token close = next();
            if (close.kind() != Kind.RPAREN) {
                throw error(close, "expected ')' to close the '(' at " + t.line() + ":" + t.column()
                        + ", found " + close.describe());
            }
            return inner;
        }
        if (t.kind() == Kind.PARAM) {
            return parseRelation();
        }
        throw error(t, "expected a [parameter], NOT or '(', found " + t.describe());
    }

    private Expr parseRelation() {
        Token paramToken = next();
        int param = resolve(paramToken);
        Token op = next();
        boolean negated = false;
        if (op.isKeyword("NOT")) {
            negated = true;
            op = next();
            if (!op.isKeyword("IN") && !op.isKeyword("LIKE")) {
                throw error(op, "expected IN or LIKE after '" + paramToken.text() + " NOT', found " + op.describe());
            }
        }
        Expr result;
        if (op.isKeyword("IN")) {
            result = parseIn(param, paramToken);
        } else if (op.isKeyword("LIKE")) {
            Token pattern = next();
            if (pattern.kind() != Kind.STRING) {
                throw error(pattern, "expected a pattern in quotes after LIKE, found " + pattern.describe());
            }
            Pattern regex = wildcard(pattern.text());
            result = valueTest(param, v -> regex.matcher(v).matches());
        } else if (op.kind() == Kind.OPERATOR) {
            result = parseComparison(param, paramToken, op);
        } else {
            throw error(op, "expected =, <>, <, <=, >, >=, IN or LIKE after " + paramToken.text()
                    + ", found " + op.describe());
        }
        return negated ? new Expr.Not(result) : result;
    }

    private Expr parseComparison(int param, Token paramToken, Token op) {
        Token rhs = next();
        String operator = op.text();
        boolean equality = operator.equals("=") || operator.equals("<>");
        switch (rhs.kind()) {
            case PARAM -> {
                int other = resolve(rhs);
                List<String> a = parameters.get(param).values();
                List<String> b = parameters.get(other).values();
                boolean[][] accepted = new boolean[a.size()][b.size()];
                for (int i = 0; i < a.size(); i++) {
                    for (int j = 0; j < b.size(); j++) {
                        accepted[i][j] = holds(operator, compare(a.get(i), b.get(j)));
                    }
                }
                return new Expr.PairTest(param, other, accepted);
            }
            case STRING, NUMBER -> {
                String literal = rhs.kind() == Kind.STRING ? rhs.text().substring(1, rhs.text().length() - 1) : rhs.text();
                if (equality) {
                    boolean[] matches = matching(param, literal, rhs);
                    if (operator.equals("<>")) {
                        for (int i = 0; i < matches.length; i++) {
                            matches[i] = !matches[i];
                        }
                    }
                    return new Expr.ValueTest(param, matches);
                }
                if (rhs.kind() == Kind.NUMBER) {
                    for (String v : parameters.get(param).values()) {
                        if (number(v) == null) {
                            throw error(rhs, "'" + operator + "' with a number needs numeric values, but "
                                    + paramToken.text() + " has value '" + v + "'");
                        }
                    }
                }
                return valueTest(param, v -> holds(operator, compare(v, literal)));
            }
            default -> throw error(rhs, "expected a value in quotes, a number or a [parameter] after '"
                    + operator + "', found " + rhs.describe());
        }
    }

    private Expr parseIn(int param, Token paramToken) {
        Token open = next();
        if (open.kind() != Kind.LBRACE) {
            throw error(open, "expected '{' after IN, found " + open.describe());
        }
        boolean[] accepted = new boolean[parameters.get(param).size()];
        while (true) {
            Token literal = next();
            if (literal.kind() != Kind.STRING && literal.kind() != Kind.NUMBER) {
                throw error(literal, "expected a value in quotes or a number in the IN set of "
                        + paramToken.text() + ", found " + literal.describe());
            }
            String text = literal.kind() == Kind.STRING
                    ? literal.text().substring(1, literal.text().length() - 1) : literal.text();
            boolean[] m = matching(param, text, literal);
            for (int i = 0; i < m.length; i++) {
                accepted[i] |= m[i];
            }
            Token sep = next();
            if (sep.kind() == Kind.RBRACE) {
                return new Expr.ValueTest(param, accepted);
            }
            if (sep.kind() != Kind.COMMA) {
                throw error(sep, "expected ',' or '}' in the IN set, found " + sep.describe());
            }
        }
    }

    /** Which values of {@code param} equal {@code literal}; a literal matching none is an error (a typo). */
    private boolean[] matching(int param, String literal, Token at) {
        Parameter p = parameters.get(param);
        boolean[] matches = new boolean[p.size()];
        boolean any = false;
        for (int i = 0; i < p.size(); i++) {
            matches[i] = compare(p.values().get(i), literal) == 0;
            any |= matches[i];
        }
        if (!any) {
            throw error(at, "expected one of the values of [" + p.name() + "] " + p.values() + ", found " + at.text());
        }
        return matches;
    }

    private Expr.ValueTest valueTest(int param, java.util.function.Predicate<String> test) {
        List<String> values = parameters.get(param).values();
        boolean[] accepted = new boolean[values.size()];
        for (int i = 0; i < accepted.length; i++) {
            accepted[i] = test.test(values.get(i));
        }
        return new Expr.ValueTest(param, accepted);
    }

    private static boolean holds(String operator, int comparison) {
        return switch (operator) {
            case "=" -> comparison == 0;
            case "<>" -> comparison != 0;
            case "<" -> comparison < 0;
            case "<=" -> comparison <= 0;
            case ">" -> comparison > 0;
            case ">=" -> comparison >= 0;
            default -> throw new IllegalStateException("operator " + operator);
        };
    }

    /** Numbers compare as numbers, anything else as strings ignoring case. */
    static int compare(String a, String b) {
        Double x = number(a);
        Double y = number(b);
        if (x != null && y != null) {
            return Double.compare(x, y);
        }
        return a.toLowerCase(Locale.ROOT).compareTo(b.toLowerCase(Locale.ROOT));
    }

    private static Double number(String s) {
        try {
            return s.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?") ? Double.valueOf(s) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Pattern wildcard(String quoted) {
        String body = quoted.substring(1, quoted.length() - 1);
        StringBuilder regex = new StringBuilder();
        for (char c : body.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    }

    private int resolve(Token paramToken) {
        String name = paramToken.text().substring(1, paramToken.text().length() - 1).strip();
        Integer i = index.get(name);
        if (i == null) {
            throw error(paramToken, "expected a declared parameter, found " + paramToken.text()
                    + " (parameters: " + String.join(", ", index.keySet().stream().sorted().toList()) + ")");
        }
        return i;
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.kind() != Kind.EOF) {
            pos++;
        }
        return t;
    }

    private void expectKeyword(String keyword, String context) {
        Token t = next();
        if (!t.isKeyword(keyword)) {
            throw error(t, "expected " + keyword + " " + context + ", found " + t.describe());
        }
    }

    private IllegalArgumentException error(Token at, String message) {
        return error(at.line(), at.column(), message);
    }

    private IllegalArgumentException error(int line, int column, String message) {
        return new IllegalArgumentException(source + ":" + line + ":" + column + ": " + message);
    }

    // ---- tokens -----------------------------------------------------------------------------

    enum Kind { PARAM, STRING, NUMBER, WORD, OPERATOR, LPAREN, RPAREN, LBRACE, RBRACE, COMMA, SEMICOLON, EOF }

    record Token(Kind kind, String text, int line, int column) {
        boolean isKeyword(String keyword) {
            return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
        }

        String describe() {
            return kind == Kind.EOF ? "end of file" : "'" + text + "'";
        }
    }

    /** Splits the constraint section into tokens that remember their line and column. */
    private static final class Lexer {
        private final String source;
        private final String[] lines;
        private final int firstLine;

        Lexer(String source, String[] lines, int firstLine) {
            this.source = source;
            this.lines = lines;
            this.firstLine = firstLine;
        }

        List<Token> tokens() {
            List<Token> out = new ArrayList<>();
            int lastLine = lines.length;
            for (int l = firstLine; l < lines.length; l++) {
                String line = lines[l];
                if (line.strip().startsWith("#")) {
                    continue;
                }
                int i = 0;
                while (i < line.length()) {
                    char c = line.charAt(i);
                    int col = i + 1;
                    if (Character.isWhitespace(c)) {
                        i++;
                    } else if (c == '[') {
                        int close = line.indexOf(']', i);
                        if (close < 0) {
                            throw fail(l, col, "expected ']' to close the parameter name, found end of line");
                        }
                        out.add(new Token(Kind.PARAM, line.substring(i, close + 1), l + 1, col));
                        i = close + 1;
                    } else if (c == '"') {
                        int close = line.indexOf('"', i + 1);
                        if (close < 0) {
                            throw fail(l, col, "expected a closing '\"', found end of line");
                        }
                        out.add(new Token(Kind.STRING, line.substring(i, close + 1), l + 1, col));
                        i = close + 1;
                    } else if (c == '<' || c == '>' || c == '=') {
                        int end = i + 1;
                        if (c == '<' && end < line.length() && (line.charAt(end) == '>' || line.charAt(end) == '=')) {
                            end++;
                        } else if (c == '>' && end < line.length() && line.charAt(end) == '=') {
                            end++;
                        }
                        out.add(new Token(Kind.OPERATOR, line.substring(i, end), l + 1, col));
                        i = end;
                    } else if ("(){},;".indexOf(c) >= 0) {
                        Kind kind = switch (c) {
                            case '(' -> Kind.LPAREN;
                            case ')' -> Kind.RPAREN;
                            case '{' -> Kind.LBRACE;
                            case '}' -> Kind.RBRACE;
                            case ',' -> Kind.COMMA;
                            default -> Kind.SEMICOLON;
                        };
                        out.add(new Token(kind, String.valueOf(c), l + 1, col));
                        i++;
                    } else if (isWordChar(c)) {
                        int end = i;
                        while (end < line.length() && isWordChar(line.charAt(end))) {
                            end++;
                        }
                        String word = line.substring(i, end);
                        Kind kind = number(word) != null ? Kind.NUMBER : Kind.WORD;
                        out.add(new Token(kind, word, l + 1, col));
                        i = end;
                    } else {
                        throw fail(l, col, "expected a constraint token ([param], \"value\", number, operator, "
                                + "keyword or punctuation), found '" + c + "'");
                    }
                }
            }
            int eofLine = Math.max(lastLine, 1);
            String last = lines.length == 0 ? "" : lines[lines.length - 1];
            out.add(new Token(Kind.EOF, "", eofLine, last.length() + 1));
            return out;
        }

        private static boolean isWordChar(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '+';
        }

        private IllegalArgumentException fail(int lineIndex, int column, String message) {
            return new IllegalArgumentException(source + ":" + (lineIndex + 1) + ":" + column + ": " + message);
        }
    }
}
