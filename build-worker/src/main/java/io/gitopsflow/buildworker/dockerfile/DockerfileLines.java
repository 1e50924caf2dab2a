package io.gitopsflow.buildworker.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile's text as instructions: parser directives read at the very top (the {@code escape} character), comments
 * and blank lines skipped, continuation lines joined as docker joins them.
 *
 * @param instructions the instructions in order
 * @param escape the escape character, {@code \} unless the directive says {@code `}
 * @param lastLine the last line that is not blank, where a missing FROM is reported
 */
record DockerfileLines(List<Instruction> instructions, char escape, int lastLine) {

    private static final Pattern DIRECTIVE = Pattern.compile("#\\s*([A-Za-z][A-Za-z0-9]*)\\s*=\\s*(.+?)\\s*");

    /** Reads {@code dockerfile}, with or without a byte order mark, in any line-end convention. */
    static DockerfileLines read(String dockerfile) {
        String text = dockerfile.startsWith("\uFEFF") ? dockerfile.substring(1) : dockerfile;
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        int i = 0;
        char escape = '\\';
        // Parser directives count only at the very top, before any comment, blank line or instruction.
        for (Matcher m; i < lines.length && (m = DIRECTIVE.matcher(lines[i].strip())).matches(); i++) {
            if (m.group(1).equalsIgnoreCase("escape")) {
                String value = m.group(2);
                if (!value.equals("\\") && !value.equals("`")) {
                    throw new UnsupportedDockerfileException(
                            i + 1, null, "the escape directive must be '\\' or '`', not " + Instruction.quote(value));
                }
                escape = value.charAt(0);
            }
        }
        int last = lines.length;
        while (last > 1 && lines[last - 1].isBlank()) {
            last--;
        }
        return new DockerfileLines(instructions(lines, i, escape), escape, last);
    }

    private static List<Instruction> instructions(String[] lines, int first, char escape) {
        List<Instruction> instructions = new ArrayList<>();
        int i = first;
        while (i < lines.length) {
            int start = i + 1;
            String current = lines[i++];
            if (isBlankOrComment(current)) {
                continue;
            }
            var logical = new StringBuilder();
            while (true) {
                String stripped = current.stripTrailing();
                if (stripped.isEmpty() || stripped.charAt(stripped.length() - 1) != escape) {
                    logical.append(current);
                    break;
                }
                logical.append(stripped, 0, stripped.length() - 1);
                // docker skips comments and blank lines inside a continued instruction
                while (i < lines.length && isBlankOrComment(lines[i])) {
                    i++;
                }
                if (i >= lines.length) {
                    break;
                }
                current = lines[i++];
            }
            String body = logical.toString().strip();
            int space = Instruction.firstWhitespace(body);
            String keyword = (space < 0 ? body : body.substring(0, space)).toUpperCase(Locale.ROOT);
            String arguments = space < 0 ? "" : body.substring(space).strip();
            instructions.add(new Instruction(start, keyword, arguments));
        }
        return instructions;
    }

    private static boolean isBlankOrComment(String line) {
        String stripped = line.strip();
        return stripped.isEmpty() || stripped.startsWith("#");
    }
}
