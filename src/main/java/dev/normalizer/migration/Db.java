package dev.normalizer.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small JDBC helpers for the commands, which work on whatever schema the database has right now. */
final class Db {

    private Db() {
    }

    static boolean tableExists(Connection c, String table) throws SQLException {
        return scalar(c, "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() "
                + "AND table_name = '" + table + "'") > 0;
    }

    static boolean columnExists(Connection c, String table, String column) throws SQLException {
        return scalar(c, "SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema() "
                + "AND table_name = '" + table + "' AND column_name = '" + column + "'") > 0;
    }

    static long scalar(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** The first column of the first {@code limit} rows, as text. */
    static List<String> firstValues(Connection c, String sql, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM (" + sql + ") q LIMIT " + limit);
                ResultSet rows = s.executeQuery()) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }

    /** The public base tables, in an order where every table comes after the tables it references. */
    static List<String> tablesInDependencyOrder(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery("""
                WITH RECURSIVE t AS (
                  SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                  WHERE n.nspname = current_schema() AND c.relkind = 'r'),
                deps AS (
                  SELECT DISTINCT con.conrelid AS child, con.confrelid AS parent FROM pg_constraint con
                  JOIN t ON t.oid = con.conrelid WHERE con.contype = 'f' AND con.conrelid <> con.confrelid),
                depth AS (
                  SELECT t.oid, 0 AS level FROM t
                  UNION ALL
                  SELECT d.child, depth.level + 1 FROM deps d JOIN depth ON depth.oid = d.parent WHERE depth.level < 50)
                SELECT t.relname FROM t JOIN depth ON depth.oid = t.oid GROUP BY t.relname
                ORDER BY max(depth.level), t.relname""")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        return tables;
    }

    /** The rows of every table but Flyway's history, in dependency order: what a migration changed, by table. */
    static Map<String, Long> rowCounts(Connection c) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : tablesInDependencyOrder(c)) {
            if (!table.equals("flyway_schema_history")) {
                counts.put(table, scalar(c, "SELECT count(*) FROM \"" + table + "\""));
            }
        }
        return counts;
    }
}
