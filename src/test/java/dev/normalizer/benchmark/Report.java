package dev.normalizer.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's figures: each printed as it is measured, then all of them as one markdown report (the run's
 * setting, a summary table with the targets, and further sections), printed and written to a file.
 */
final class Report {

    private record Row(String figure, String value, String target, String verdict) {
    }

    private final String title;
    private final List<String> setting = new ArrayList<>();
    private final List<Row> rows = new ArrayList<>();
    private final List<String> sections = new ArrayList<>();

    Report(String title) {
        this.title = title;
    }

    static void print(String format, Object... args) {
        System.out.printf("[benchmark] " + format + "%n", args);
    }

    /** A fact about the run (machine, data, versions). */
    void setting(String name, String value) {
        setting.add("- " + name + ": " + value);
        print("%s: %s", name, value);
    }

    /** A figure without a target. */
    void figure(String figure, String value) {
        rows.add(new Row(figure, value, "", ""));
        print("%s: %s", figure, value);
    }

    /** A figure in milliseconds with an upper bound; the verdict says by how much a missed target was missed. */
    void figure(String figure, double ms, double targetMs) {
        String verdict = ms <= targetMs ? "met"
                : String.format("missed by %s (%.0f %%)", millis(ms - targetMs), 100 * (ms - targetMs) / targetMs);
        rows.add(new Row(figure, millis(ms), "≤ " + millis(targetMs), verdict));
        print("%s: %s (target ≤ %s: %s)", figure, millis(ms), millis(targetMs), verdict);
    }

    /** A further markdown section, e.g. a table of its own. */
    void section(String heading, String markdown) {
        sections.add("## " + heading + "\n\n" + markdown);
    }

    String markdown() {
        StringBuilder md = new StringBuilder("# " + title + "\n\n");
        setting.forEach(line -> md.append(line).append('\n'));
        md.append("\n## Summary\n\n| figure | value | target | |\n|---|---|---|---|\n");
        rows.forEach(r -> md.append("| ").append(String.join(" | ", r.figure, r.value, r.target, r.verdict))
                .append(" |\n"));
        sections.forEach(section -> md.append('\n').append(section));
        return md.toString();
    }

    /** Prints the report and writes it to {@code file}. */
    void write(Path file) throws IOException {
        String md = markdown();
        System.out.println();
        System.out.println(md);
        Files.createDirectories(file.getParent());
        Files.writeString(file, md);
        print("report written to %s", file);
    }

    /** Milliseconds as a person reads them: two decimals below 10 ms, whole above, seconds past 10 s. */
    static String millis(double ms) {
        if (ms < 10) {
            return String.format("%.2f ms", ms);
        }
        return ms < 10_000 ? String.format("%,.0f ms", ms) : String.format("%,.1f s", ms / 1000);
    }
}
