package io.mockloop.db.cli;

import java.util.ArrayList;
import java.util.List;

/** What a terminal shows for a stream of characters: {@code \r} returns to column 0, later characters overwrite. */
final class Terminal {

    private Terminal() {
    }

    /** @return the screen's lines, trailing blanks stripped, blank lines dropped */
    static List<String> render(String output) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int col = 0;
        for (int i = 0; i < output.length(); i++) {
            char ch = output.charAt(i);
            if (ch == '\r') {
                col = 0;
            } else if (ch == '\n') {
                lines.add(line.toString().stripTrailing());
                line.setLength(0);
                col = 0;
            } else {
                if (col < line.length()) {
                    line.setCharAt(col, ch);
                } else {
                    line.append(ch);
                }
                col++;
            }
        }
        lines.add(line.toString().stripTrailing());
        lines.removeIf(String::isBlank);
        return lines;
    }
}
