package dev.normalizer.benchmark;

import dev.normalizer.benchmark.ReaderStatements.Statement;
import dev.normalizer.common.EmbeddedDatabase;
import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Properties;

/**
 * The pgbench reference arms of the load, each a script beside the report: by id, a row of the flat table as the
 * owner (the physical limit) and each path's statement as the service's role; for each list and path, the page as the
 * service reads it (the statement that chooses the page and counts, then the path's statement for its records), as
 * the service's role. The service's role runs with tenant 1 set for its sessions. Before an arm is loaded, its
 * statements run once through JDBC the same way, and must find the patient or the page: a statement that found
 * nothing would measure nothing.
 */
final class PgbenchArms {

    private static final Statement FLAT = new Statement("SELECT * FROM bench.flat WHERE id = ?",
            List.of(ReaderStatements.SENTINEL_ID));

    private final BenchData data;
    private final Path dir;
    private final List<Long> ids;

    PgbenchArms(BenchData data, Path dir) throws IOException {
        this.data = data;
        this.dir = dir;
        this.ids = Files.readAllLines(data.ids()).stream().map(Long::valueOf).toList();
    }

    /** A row of {@code bench.flat} by primary key, as the owner, whom no policy binds. */
    Pgbench flat() throws IOException, SQLException {
        return arm("flat", PgbenchScript.byId(ids, List.of(FLAT)), List.of(FLAT), ids.get(0), null, false);
    }

    /** The statement that reads a patient on {@code path}, as the service's role. */
    Pgbench byId(ReadPath path) throws IOException, SQLException {
        List<Statement> statements = ReaderStatements.byId(path);
        return arm("by-id-" + path.headerValue(), PgbenchScript.byId(ids, statements), statements, ids.get(0), null,
                true);
    }

    /** A page of a list on {@code path} (its total, its ids, its records), as the service's role. */
    Pgbench list(ListFilter filter, ReadPath path) throws IOException, SQLException {
        List<Statement> statements = ReaderStatements.list(filter, path);
        String first;
        int values;
        try (Connection c = TestDatabase.connect(data.database()); PreparedStatement s = c.prepareStatement(
                "SELECT (SELECT value FROM bench.list_values WHERE filter = ? AND n = 1), count(*) "
                        + "FROM bench.list_values WHERE filter = ?")) {
            s.setString(1, filter.name());
            s.setString(2, filter.name());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                first = rs.getString(1);
                values = rs.getInt(2);
            }
        }
        return arm("list-" + filter.parameter() + "-" + path.headerValue(),
                PgbenchScript.list(filter, values, statements), statements, ReaderStatements.SENTINEL_ID, first, true);
    }

    private Pgbench arm(String name, String script, List<Statement> statements, long id, String listValue,
            boolean asService) throws IOException, SQLException {
        Path file = Files.writeString(dir.resolve(name + ".pgbench.sql"), script);
        String user = asService ? EmbeddedDatabase.APP_ROLE : EmbeddedDatabase.OWNER;
        String password = asService ? EmbeddedDatabase.APP_PASSWORD : EmbeddedDatabase.OWNER;
        Integer tenant = asService ? 1 : null;
        check(name, statements, id, listValue, user, password, tenant);
        return new Pgbench(data.database(), file, user, password, tenant);
    }

    private void check(String name, List<Statement> statements, long id, String listValue, String user,
            String password, Integer tenant) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        if (tenant != null) {
            properties.setProperty("options", "-c app.tenant_id=" + tenant);
        }
        try (Connection c = DriverManager.getConnection(TestDatabase.jdbcUrl(data.database()), properties)) {
            int rows = 0;
            Array chosen = null;
            for (Statement statement : statements) {
                try (PreparedStatement s = c.prepareStatement(statement.sql())) {
                    for (int i = 0; i < statement.params().size(); i++) {
                        Object value = statement.params().get(i);
                        if (value.equals(ReaderStatements.SENTINEL_TENANT)) {
                            s.setInt(i + 1, 1);
                        } else if (value.equals(ReaderStatements.SENTINEL_ID)) {
                            s.setLong(i + 1, id);
                        } else if (value == ReaderStatements.SENTINEL_IDS) {
                            s.setArray(i + 1, chosen);
                        } else if (value instanceof Number) {
                            s.setObject(i + 1, value);
                        } else {
                            // The list's value, as pgbench passes it: text of a type the server infers.
                            s.setObject(i + 1, listValue, Types.OTHER);
                        }
                    }
                    try (ResultSet rs = s.executeQuery()) {
                        for (rows = 0; rs.next(); rows++) {
                            // The choice of a page: its ids go to the statement that reads the page.
                            chosen = rs.getMetaData().getColumnName(rs.getMetaData().getColumnCount()).equals("array")
                                    ? rs.getArray("array") : chosen;
                        }
                    }
                }
            }
            if (rows == 0) {
                throw new IllegalStateException("the pgbench arm " + name + " would find nothing: its last "
                        + "statement found no row for tenant 1 as " + user + ": " + statements);
            }
        }
    }
}
