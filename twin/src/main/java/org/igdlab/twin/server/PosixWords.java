package org.igdlab.twin.server;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an exec request's command string the way a POSIX shell splits words: single quotes,
 * double quotes (with \" \\ \$ \` escapes) and backslash escapes. An unquoted shell
 * metacharacter is refused: the runner quotes every word, so one arriving here is a bug.
 */
final class PosixWords {
    private static final String METACHARACTERS = ";|&$`<>()*?\n";

    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    private PosixWords() { }

    static List<String> split(String command) throws Refused {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < command.length()) {
            char c = command.charAt(i);
            if (c == '\'') {
                int end = command.indexOf('\'', i + 1);
                if (end < 0) throw new Refused("unterminated single quote at column " + (i + 1));
                word.append(command, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i++;
                while (true) {
                    if (i >= command.length()) throw new Refused("unterminated double quote");
                    char d = command.charAt(i);
                    if (d == '"') break;
                    if (d == '\\' && i + 1 < command.length() && "\"\\$`\n".indexOf(command.charAt(i + 1)) >= 0) {
                        if (command.charAt(i + 1) != '\n') word.append(command.charAt(i + 1));
                        i += 2;
                        continue;
                    }
                    if (d == '$' || d == '`') throw new Refused("expansion '" + d + "' inside double quotes at column " + (i + 1));
                    word.append(d);
                    i++;
                }
                inWord = true;
                i++;
            } else if (c == '\\') {
                if (i + 1 >= command.length()) throw new Refused("trailing backslash");
                if (command.charAt(i + 1) != '\n') {
                    word.append(command.charAt(i + 1));
                    inWord = true;
                }
                i += 2;
            } else if (c == ' ' || c == '\t') {
                if (inWord) words.add(word.toString());
                word.setLength(0);
                inWord = false;
                i++;
            } else if (METACHARACTERS.indexOf(c) >= 0) {
                throw new Refused("unquoted shell metacharacter '" + (c == '\n' ? "\\n" : String.valueOf(c)) + "' at column " + (i + 1));
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) words.add(word.toString());
        return words;
    }
}
