package io.mockloop.db.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Collects result rows per section and writes results.md and results.json. Thread-confined to the main thread. */
final class Report {

    /** One line of a table: a measured quantity over repetitions, optionally held against a target. */
    record Row(String section, String name, String unit, Stats stats, Target target, String note) {
    }

    private final Map<String, List<Row>> sections = new LinkedHashMap<>();
    private final Map<String, String> sectionNotes = new LinkedHashMap<>();
    private final List<String> errors = new ArrayList<>();

    void add(String section, String name, String unit, Stats stats, Target target, String note) {
        sections.computeIfAbsent(section, k -> new ArrayList<>()).add(new Row(section, name, unit, stats, target, note));
        Benchmarks.log("  %-70s %s", name, format(stats, unit));
    }

    void add(String section, String name, String unit, Stats stats, String note) {
        add(section, name, unit, stats, null, note);
    }

    void note(String section, String text) {
        sections.computeIfAbsent(section, k -> new ArrayList<>());
        sectionNotes.merge(section, text, (a, b) -> a + "\n" + b);
    }

    void error(String section, Exception e) {
        errors.add(section + ": " + e);
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String format(Stats s, String unit) {
        return num(s.min()) + " / " + num(s.median()) + " / " + num(s.max()) + " " + unit + " (n=" + s.count() + ")";
    }

    void write(Path dir, Map<String, String> header, String command) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("results.md"), markdown(header, command));
        Files.writeString(dir.resolve("results.json"), json(header, command));
    }

    String markdown(Map<String, String> header, String command) {
        StringBuilder b = new StringBuilder();
        b.append("# mockloop-db benchmarks\n\n");
        header.forEach((k, v) -> b.append("- **").append(k).append("**: ").append(v).append('\n'));
        b.append("- **command**: `").append(command).append("`\n\n");
        b.append("Every comparison ran both sides in this one process, interleaved repetition by repetition on the same ")
                .append("data; each figure is min / **median** / max over the repetitions (n). Targets are judged on the ")
                .append("median. Absolute numbers are not comparable across machines or runs; the ratios are the result.\n\n");

        List<Row> targeted = new ArrayList<>();
        sections.values().forEach(rows -> rows.stream().filter(r -> r.target() != null).forEach(targeted::add));
        if (!targeted.isEmpty()) {
            b.append("## Against the targets\n\n");
            b.append("| figure | target | min | **median** | max | n | verdict |\n|---|---|---:|---:|---:|---:|---|\n");
            for (Row r : targeted) {
                b.append("| ").append(r.section()).append(": ").append(r.name()).append(" (").append(r.unit()).append(") | ")
                        .append(r.target().text()).append(" | ")
                        .append(num(r.stats().min())).append(" | **").append(num(r.stats().median())).append("** | ")
                        .append(num(r.stats().max())).append(" | ").append(r.stats().count()).append(" | ")
                        .append(r.target().verdict(r.stats().median())).append(" |\n");
            }
            b.append('\n');
        }
        sections.forEach((section, rows) -> {
            b.append("## ").append(section).append("\n\n");
            String note = sectionNotes.get(section);
            if (note != null) {
                b.append(note).append("\n\n");
            }
            if (rows.isEmpty()) {
                return;
            }
            b.append("| case | unit | min | **median** | max | n | target | note |\n|---|---|---:|---:|---:|---:|---|---|\n");
            for (Row r : rows) {
                b.append("| ").append(r.name()).append(" | ").append(r.unit()).append(" | ")
                        .append(num(r.stats().min())).append(" | **").append(num(r.stats().median())).append("** | ")
                        .append(num(r.stats().max())).append(" | ").append(r.stats().count()).append(" | ")
                        .append(r.target() == null ? "" : r.target().text() + ": " + r.target().verdict(r.stats().median()))
                        .append(" | ").append(r.note() == null ? "" : r.note()).append(" |\n");
            }
            b.append('\n');
        });
        if (!errors.isEmpty()) {
            b.append("## Errors\n\n");
            errors.forEach(e -> b.append("- ").append(e.replace('\n', ' ')).append('\n'));
            b.append('\n');
        }
        return b.toString();
    }

    String json(Map<String, String> header, String command) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("writtenAt", Instant.now().toString());
        root.put("command", command);
        ObjectNode h = root.putObject("environment");
        header.forEach(h::put);
        ArrayNode rows = root.putArray("results");
        sections.forEach((section, list) -> list.forEach(r -> {
            ObjectNode n = rows.addObject();
            n.put("section", section);
            n.put("name", r.name());
            n.put("unit", r.unit());
            n.put("n", r.stats().count());
            n.put("min", r.stats().min());
            n.put("median", r.stats().median());
            n.put("max", r.stats().max());
            ArrayNode samples = n.putArray("samples");
            r.stats().values().forEach(samples::add);
            if (r.target() != null) {
                n.put("target", r.target().text());
                n.put("verdict", r.target().verdict(r.stats().median()).replace("*", ""));
            }
            if (r.note() != null) {
                n.put("note", r.note());
            }
        }));
        ArrayNode errs = root.putArray("errors");
        errors.forEach(errs::add);
        return mapper.writeValueAsString(root);
    }
}
