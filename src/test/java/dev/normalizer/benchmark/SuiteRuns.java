package dev.normalizer.benchmark;

import dev.normalizer.integrity.CheckResult;
import dev.normalizer.integrity.IntegritySuite;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Times the integrity suite straight on the database, outside the service: on one connection, one check after the
 * other (as the command-line verify runs it), and two checks at a time on connections of their own (as the
 * service's background run does with its default {@code INTEGRITY_PARALLELISM}).
 */
final class SuiteRuns {

    /** The service's default {@code INTEGRITY_LEGACY_VIEW_SAMPLE_SIZE}. */
    static final int SAMPLE_SIZE = 1000;
    static final int PARALLELISM = 2;

    record Run(String label, List<CheckResult> results, Duration total) {

        double totalMs() {
            return total.toNanos() / 1e6;
        }

        List<String> down() {
            return results.stream().filter(r -> !r.up()).map(r -> r.name() + " " + r.figures()).toList();
        }
    }

    private final List<Run> runs = new ArrayList<>();

    /** {@code times} runs on one connection, then {@code times} runs two checks at a time. */
    List<Run> time(DataSource dataSource, int times) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            for (int i = 1; i <= times; i++) {
                timed("one connection, run " + i, () -> IntegritySuite.runAll(connection, SAMPLE_SIZE));
            }
        }
        for (int i = 1; i <= times; i++) {
            timed(PARALLELISM + " at a time, run " + i,
                    () -> IntegritySuite.runAll(dataSource, SAMPLE_SIZE, PARALLELISM));
        }
        return List.copyOf(runs);
    }

    private void timed(String label, Supplier<List<CheckResult>> suite) {
        long start = System.nanoTime();
        List<CheckResult> results = suite.get();
        Run run = new Run(label, results, Duration.ofNanos(System.nanoTime() - start));
        runs.add(run);
        for (CheckResult r : results) {
            Report.print("suite %s: %-28s %6d ms %s", label, r.name(), r.duration().toMillis(), r.up() ? "UP" : "DOWN");
        }
        Report.print("suite %s: whole suite %s%s", label, Report.millis(run.totalMs()),
                run.down().isEmpty() ? "" : ", DOWN: " + run.down());
    }

    /** One row per check, one column per run, in milliseconds; the last row is each run's total. */
    String perCheckTable() {
        StringBuilder md = new StringBuilder("| check |");
        runs.forEach(run -> md.append(' ').append(run.label()).append(" |"));
        md.append("\n|---|").append("---:|".repeat(runs.size())).append('\n');
        for (int check = 0; check < runs.get(0).results().size(); check++) {
            md.append("| `").append(runs.get(0).results().get(check).name()).append("` |");
            for (Run run : runs) {
                CheckResult result = run.results().get(check);
                md.append(' ').append(result.duration().toMillis()).append(result.up() ? "" : " DOWN").append(" |");
            }
            md.append('\n');
        }
        md.append("| **whole suite** |");
        runs.forEach(run -> md.append(" **").append(Math.round(run.totalMs())).append("** |"));
        return md.append('\n').toString();
    }
}
