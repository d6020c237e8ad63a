package dev.normalizer.migration;

import dev.normalizer.integrity.CheckResult;
import dev.normalizer.integrity.IntegritySuite;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import java.sql.Connection;
import java.util.Set;
import picocli.CommandLine.Command;

/** {@code verify}: the integrity suite, the same code as the integrity health group, as a report. */
@Dependent
@Unremovable
@Command(name = "verify", description = "Run every post-migration integrity check.")
public class VerifyCommand extends CommandSupport {

    private final IntegritySuite suite;

    public VerifyCommand(IntegritySuite suite) {
        this.suite = suite;
    }

    @Override
    String name() {
        return "verify";
    }

    @Override
    void run(Report report) throws Exception {
        try (Connection c = connect()) {
            verify(c, report);
        }
    }

    /** Adds one section per check, on the given connection (so a dry run can verify its own transaction). */
    void verify(Connection c, Report report) {
        verify(c, report, Set.of());
    }

    /** Like {@link #verify(Connection, Report)}, leaving out the named checks. */
    void verify(Connection c, Report report, Set<String> skipped) {
        for (CheckResult check : suite.runAll(c)) {
            if (skipped.contains(check.name())) {
                report.section("check " + check.name()).put("skipped", "not meaningful here");
                continue;
            }
            Report.Section section = report.section("check " + check.name()).require(check.up());
            check.figures().forEach(section::put);
            section.put("first offending ids", check.offendingIds()).put("duration ms", check.duration().toMillis());
        }
    }
}
