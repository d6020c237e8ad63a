package dev.normalizer.testsupport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Direct SQL against the service's database: the oracle that tests check the API against. */
public final class Sql {

    private Sql() {
    }

    /** The first column of every row, for a query with positional parameters. */
    public static List<Object> column(String sql, Object... params) {
        try (Connection c = TestDatabase.connect(TestDatabase.SERVICE_DB);
                PreparedStatement s = prepare(c, sql, params)) {
            try (ResultSet rows = s.executeQuery()) {
                List<Object> values = new ArrayList<>();
                while (rows.next()) {
                    values.add(rows.getObject(1));
                }
                return values;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public static Object value(String sql, Object... params) {
        List<Object> values = column(sql, params);
        if (values.size() != 1) {
            throw new IllegalStateException("expected one row, got " + values.size() + ": " + sql);
        }
        return values.get(0);
    }

    public static long count(String sql, Object... params) {
        return ((Number) value(sql, params)).longValue();
    }

    /** A change made as the owner, behind the service's back; returns the rows it changed. */
    public static int execute(String sql, Object... params) {
        try (Connection c = TestDatabase.connect(TestDatabase.SERVICE_DB);
                PreparedStatement s = prepare(c, sql, params)) {
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            s.setObject(i + 1, params[i]);
        }
        return s;
    }
}
