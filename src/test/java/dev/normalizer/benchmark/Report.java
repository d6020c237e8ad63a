package dev.normalizer.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;

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
        atMost(figure, ms, targetMs, Report::millis);
    }

    /** A figure that must not exceed {@code limit}, written with {@code format}. */
    void atMost(String figure, double value, double limit, DoubleFunction<String> format) {
        target(figure, value, "≤ ", limit, value <= limit, format);
    }

    /** A figure that must reach {@code limit}, written with {@code format}. */
    void atLeast(String figure, double value, double limit, DoubleFunction<String> format) {
        target(figure, value, "≥ ", limit, value >= limit, format);
    }

    private void target(String figure, double value, String sign, double limit, boolean met,
            DoubleFunction<String> format) {
        double miss = Math.abs(value - limit);
        String verdict = Double.isNaN(value) ? "not measured" : met ? "met"
                : String.format("missed by %s (%.0f %%)", format.apply(miss), 100 * miss / limit);
        rows.add(new Row(figure, format.apply(value), sign + format.apply(limit), verdict));
        print("%s: %s (target %s%s: %s)", figure, format.apply(value), sign, format.apply(limit), verdict);
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

    /** A ratio, two decimals. */
    static String ratio(double value) {
        return String.format("%.2f", value);
    }

    static String percent(double value) {
        return String.format("%.1f %%", value);
    }

    static String mebibytes(double value) {
        return String.format("%,.0f MiB", value);
    }
}
