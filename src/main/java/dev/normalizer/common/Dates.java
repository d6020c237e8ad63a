package dev.normalizer.common;

import java.time.LocalDate;

/**
 * The dates the API accepts: the contract's {@code YYYY-MM-DD}, years 1 to 9999. PostgreSQL's dates and timestamps
 * reach further (4713 BC to 294276 AD for a timestamp), but a value beyond them failed only in the database, as a
 * 500; this range is inside both, and no clinic record needs more.
 */
public final class Dates {

    public static final String RANGE = "between 0001-01-01 and 9999-12-31";
    private static final LocalDate MIN = LocalDate.of(1, 1, 1);
    private static final LocalDate MAX = LocalDate.of(9999, 12, 31);

    private Dates() {
    }

    public static boolean inRange(LocalDate date) {
        return !date.isBefore(MIN) && !date.isAfter(MAX);
    }
}
