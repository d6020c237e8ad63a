package dev.normalizer.migration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Where V2's online backfill stands, from its one-row table {@code patient_backfill}, which exists from the start of
 * V2 until the contract step. Read by {@code status} and by the backfill's gauges.
 */
public record PatientBackfill(long rowsCopied, int batches, long lastId, long targetId, boolean backfilled,
        boolean cutOver) {

    /** Empty before V2 started and after the contract step. */
    public static Optional<PatientBackfill> read(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT to_regclass('patient_backfill') IS NOT NULL")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return Optional.empty();
            }
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT rows_copied, batches, last_id, "
                + "target_id, backfilled_at IS NOT NULL, cut_over_at IS NOT NULL FROM patient_backfill")) {
            return rs.next() ? Optional.of(new PatientBackfill(rs.getLong(1), rs.getInt(2), rs.getLong(3),
                    rs.getLong(4), rs.getBoolean(5), rs.getBoolean(6))) : Optional.empty();
        }
    }

    /** From 0 to 1: the share of the legacy ids (those up to the highest id when V2 started) that were copied. */
    public double progress() {
        return backfilled || targetId == 0 ? 1.0 : Math.min(1.0, (double) lastId / targetId);
    }

    /** One line for a person. */
    public String describe() {
        String state = cutOver ? "complete, cut over (patients is the compatibility view)"
                : backfilled ? "complete, cutover pending" : "running or stopped (a start of the service continues it)";
        return String.format("%s; %,d patients copied in %,d batches, at id %,d of %,d (%.1f %%)", state, rowsCopied,
                batches, lastId, targetId, progress() * 100);
    }
}
