package io.fugue.infra;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of Bicep's syntax for the consistency tests, as the Bicep compiler is not available where they run:
 * parameters with their decorators, outputs, and the body of a named declaration ({@code module x …},
 * {@code resource y …}, {@code var z = …}) found by bracket matching that skips strings and comments.
 */
final class Bicep {

    /** A parameter and the decorator lines right above it. */
    record Param(String name, String type, String defaultValue, List<String> decorators) {
        boolean secure() {
            return decorators.stream().anyMatch(d -> d.startsWith("@secure()"));
        }

        boolean described() {
            return decorators.stream().anyMatch(d -> d.startsWith("@description("));
        }
    }

    /** An output: name, type and expression. */
    record Output(String name, String type, String expression) {
    }

    final String file;
    final String text;

    private Bicep(String file, String text) {
        this.file = file;
        this.text = text;
    }

    static Bicep read(String relative) {
        return new Bicep(relative, Repo.read(relative));
    }

    /** The text without // and /* *&#47; comments (strings kept), so that commented-out code proves nothing. */
    String code() {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("'''", i)) {
                int end = text.indexOf("'''", i + 3);
                end = end < 0 ? text.length() : end + 3;
                out.append(text, i, end);
                i = end;
            } else if (text.charAt(i) == '\'') {
                int end = stringEnd(i);
                out.append(text, i, end);
                i = end;
            } else if (text.startsWith("//", i)) {
                int end = text.indexOf('\n', i);
                i = end < 0 ? text.length() : end;
            } else if (text.startsWith("/*", i)) {
                int end = text.indexOf("*/", i + 2);
                i = end < 0 ? text.length() : end + 2;
            } else {
                out.append(text.charAt(i++));
            }
        }
        return out.toString();
    }

    private int stringEnd(int start) {
        int i = start + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '\'') {
                return i + 1;
            } else {
                i++;
            }
        }
        return text.length();
    }

    List<Param> params() {
        List<Param> params = new ArrayList<>();
        String[] lines = code().split("\n");
        Pattern param = Pattern.compile("^param\\s+(\\w+)\\s+(\\w+)(?:\\s*=\\s*(.+))?$");
        for (int i = 0; i < lines.length; i++) {
            Matcher m = param.matcher(lines[i].strip());
            if (!m.matches()) {
                continue;
            }
            List<String> decorators = new ArrayList<>();
            // Decorators sit on the lines above; a decorator argument may span lines (arrays of @allowed).
            int j = i - 1;
            List<String> block = new ArrayList<>();
            while (j >= 0 && !lines[j].isBlank() && !lines[j].strip().startsWith("param ")) {
                block.add(0, lines[j].strip());
                j--;
            }
            for (String line : block) {
                if (line.startsWith("@")) {
                    decorators.add(line);
                }
            }
            params.add(new Param(m.group(1), m.group(2), m.group(3), decorators));
        }
        return params;
    }

    Param param(String name) {
        return params().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(file + " has no param " + name));
    }

    List<Output> outputs() {
        List<Output> outputs = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^output\\s+(\\w+)\\s+(\\w+)\\s*=\\s*(.+)$").matcher(code());
        while (m.find()) {
            outputs.add(new Output(m.group(1), m.group(2), m.group(3).strip()));
        }
        return outputs;
    }

    /** Symbolic name to path of every {@code module name 'path'} declaration. */
    Map<String, String> modules() {
        Map<String, String> modules = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^module\\s+(\\w+)\\s+'([^']+)'").matcher(code());
        while (m.find()) {
            modules.put(m.group(1), m.group(2));
        }
        return modules;
    }

    /** The body ({ … } or [ … ]) of the declaration that starts with {@code keyword name}. */
    String body(String keyword, String name) {
        String code = code();
        Matcher m = Pattern.compile("(?m)^" + keyword + "\\s+" + Pattern.quote(name) + "\\b").matcher(code);
        if (!m.find()) {
            fail(file + " has no " + keyword + " " + name);
        }
        int open = m.end();
        while (open < code.length() && code.charAt(open) != '{' && code.charAt(open) != '[') {
            open++;
        }
        return balanced(code, open);
    }

    /** Bodies of every {@code resource … 'type@version'} of the given type. */
    List<String> resources(String type) {
        List<String> bodies = new ArrayList<>();
        String code = code();
        Matcher m = Pattern.compile("(?m)^resource\\s+\\w+\\s+'" + Pattern.quote(type) + "@[^']+'").matcher(code);
        while (m.find()) {
            int open = m.end();
            while (open < code.length() && code.charAt(open) != '{' && code.charAt(open) != '[') {
                open++;
            }
            bodies.add(code.substring(m.start(), open) + balanced(code, open));
        }
        return bodies;
    }

    private String balanced(String code, int open) {
        assertTrue(open < code.length(), file + ": no body");
        int depth = 0;
        int i = open;
        while (i < code.length()) {
            char c = code.charAt(i);
            if (code.startsWith("'''", i)) {
                int end = code.indexOf("'''", i + 3);
                i = end < 0 ? code.length() : end + 3;
                continue;
            }
            if (c == '\'') {
                i++;
                while (i < code.length() && code.charAt(i) != '\'') {
                    i += code.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
                continue;
            }
            if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
                if (depth == 0) {
                    return code.substring(open, i + 1);
                }
            }
            i++;
        }
        fail(file + ": unbalanced brackets after offset " + open);
        return "";
    }

    /** The value expression of {@code key: value} inside a body (first match). */
    static String property(String body, String key) {
        Matcher m = Pattern.compile("(?m)^\\s*" + Pattern.quote(key) + ":\\s*(.+)$").matcher(body);
        return m.find() ? m.group(1).strip() : null;
    }
}
