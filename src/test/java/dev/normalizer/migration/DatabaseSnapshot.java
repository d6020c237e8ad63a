package dev.normalizer.migration;

import dev.normalizer.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** What "the command changed nothing" means to a DBA: every table's checksum, and the count of columns. */
final class DatabaseSnapshot {

    private DatabaseSnapshot() {
    }

    static List<String> of(String database) throws SQLException {
        List<String> sums = new ArrayList<>();
        try (Connection c = TestDatabase.connect(database)) {
            for (String table : Db.tablesInDependencyOrder(c)) {
                sums.add(table + "=" + Backups.checksum(c, table));
            }
            try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery(
                    "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public'")) {
                rows.next();
                sums.add("columns=" + rows.getLong(1));
            }
        }
        return sums;
    }
}
