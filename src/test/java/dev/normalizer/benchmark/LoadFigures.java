package dev.normalizer.benchmark;

import dev.normalizer.benchmark.LoadArm.Endpoint;
import dev.normalizer.readpath.FlagState;
import java.util.List;
import java.util.Map;

/**
 * The figures that compare arms of one run, each with its target: issue 6's (the audit's cost, the normalized path
 * against the legacy one, shadow mode's p50) and issue 19's (the lists' latency; each path's statement against a
 * row of the flat table; the service against the thin server and against its own statement in pgbench).
 */
final class LoadFigures {

    static final double AUDIT_COST_TARGET_PERCENT = 10;
    static final double PATH_RATIO_TARGET = 0.9;
    static final double SHADOW_P50_TARGET = 1.1;
    static final double LIST_P50_TARGET_MS = 20;
    static final double LIST_P99_TARGET_MS = 50;
    static final double FLAT_LOOKUPS_TARGET = 3;
    static final double THIN_SERVER_TARGET = 1.5;
    static final double OWN_STATEMENT_TARGET = 0.8;

    private final Report report;
    private final Map<LoadArm, Totals> totals;

    LoadFigures(Report report, Map<LoadArm, Totals> totals) {
        this.report = report;
        this.totals = totals;
    }

    void issue6(Endpoint byId, Endpoint list) {
        for (FlagState path : LoadArm.PATHS) {
            double cost = 100 * (1 - rps(LoadArm.service(byId, path, true))
                    / rps(LoadArm.service(byId, path, false)));
            report.atMost("audit cost of patient reads, " + path.label() + " path (throughput lost)", cost,
                    AUDIT_COST_TARGET_PERCENT, Report::percent);
        }
        for (Endpoint endpoint : List.of(byId, list)) {
            Totals legacy = totals.get(LoadArm.service(endpoint, FlagState.LEGACY, true));
            Totals normalized = totals.get(LoadArm.service(endpoint, FlagState.NORMALIZED, true));
            Totals shadow = totals.get(LoadArm.service(endpoint, FlagState.SHADOW, true));
            report.atLeast("throughput normalized ÷ legacy, " + endpoint.label(),
                    normalized.requestsPerSecond() / legacy.requestsPerSecond(), PATH_RATIO_TARGET, Report::ratio);
            report.atMost(String.format("p50 shadow ÷ legacy, %s (%s against %s)", endpoint.label(),
                    Report.millis(shadow.p50Ms()), Report.millis(legacy.p50Ms())), shadow.p50Ms() / legacy.p50Ms(),
                    SHADOW_P50_TARGET, Report::ratio);
        }
    }

    void issue19(Endpoint byId, List<Endpoint> lists) {
        for (Endpoint list : lists) {
            for (FlagState path : LoadArm.PATHS) {
                Totals service = totals.get(LoadArm.service(list, path, true));
                report.figure("p50, " + list.label() + ", " + path.label() + " path", service.p50Ms(),
                        LIST_P50_TARGET_MS);
                report.figure("p99, " + list.label() + ", " + path.label() + " path", service.p99Ms(),
                        LIST_P99_TARGET_MS);
                double statements = rps(LoadArm.pgbench(list, path));
                report.figure(String.format("the service's %s ÷ its statements in pgbench, %s path (%,.0f ÷ %,.0f "
                        + "pages per second)", list.shortLabel(), path.label(), service.requestsPerSecond(),
                        statements), Report.ratio(service.requestsPerSecond() / statements));
            }
        }
        double flat = rps(LoadArm.flat(byId));
        Totals thin = totals.get(LoadArm.thin(byId));
        for (FlagState path : LoadArm.PATHS) {
            double statement = rps(LoadArm.pgbench(byId, path));
            double service = rps(LoadArm.service(byId, path, true));
            report.atMost(String.format("pgbench, the %s path's statement by id, in flat lookups (%,.0f ÷ %,.0f "
                    + "per second)", path.label(), flat, statement), flat / statement, FLAT_LOOKUPS_TARGET,
                    Report::ratio);
            report.atLeast(String.format("the service by id ÷ the thin server, %s path (%,.0f ÷ %,.0f req/s)",
                    path.label(), service, thin.requestsPerSecond()), service / thin.requestsPerSecond(),
                    THIN_SERVER_TARGET, Report::ratio);
            report.atLeast(String.format("the service by id ÷ its statement in pgbench, %s path (%,.0f ÷ %,.0f "
                    + "per second)", path.label(), service, statement), service / statement, OWN_STATEMENT_TARGET,
                    Report::ratio);
        }
    }

    private double rps(LoadArm arm) {
        return totals.get(arm).requestsPerSecond();
    }
}
