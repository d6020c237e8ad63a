package dev.normalizer.integrity;

import java.sql.SQLException;

/** One named check of the suite: plain SQL over the connection it is given. */
record IntegrityCheck(String name, Body body) {

    @FunctionalInterface
    interface Body {
        Findings run(CheckSql sql) throws SQLException;
    }
}
