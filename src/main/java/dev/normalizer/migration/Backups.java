package dev.normalizer.migration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * Logical backups of the service's tables with COPY, one file per table plus a manifest of row counts and
 * checksums, and their restore into a database at the same schema version. No pg_dump is needed.
 */
final class Backups {

    static final String MANIFEST = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** One table of a backup. */
    record TableCopy(String name, long rows, String checksum) {
    }

    /** What a backup holds. */
    record Manifest(String createdAt, String schemaVersion, List<TableCopy> tables) {
    }

    private Backups() {
    }

    static Path newDirectory(Path root) {
        return root.resolve(STAMP.format(Instant.now()));
    }

    /** Copies every table in one consistent snapshot. */
    static Manifest backup(Connection c, Path dir) throws SQLException, IOException {
        Files.createDirectories(dir);
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            CopyManager copy = new CopyManager(c.unwrap(BaseConnection.class));
            List<TableCopy> tables = new ArrayList<>();
            for (String table : Db.tablesInDependencyOrder(c)) {
                try (Writer out = Files.newBufferedWriter(dir.resolve(table + ".copy"), StandardCharsets.UTF_8)) {
                    long rows = copy.copyOut("COPY " + quote(table) + " TO STDOUT", out);
                    tables.add(new TableCopy(table, rows, checksum(c, table)));
                }
            }
            Manifest manifest = new Manifest(Instant.now().toString(), schemaVersion(c), tables);
            Files.writeString(dir.resolve(MANIFEST), JSON.writeValueAsString(manifest));
            return manifest;
        } finally {
            c.rollback();
        }
    }

    static Manifest read(Path dir) throws IOException {
        return JSON.readValue(dir.resolve(MANIFEST).toFile(), Manifest.class);
    }

    /**
     * Replaces the contents of every backed-up table, in one transaction, with triggers off (the data already
     * carries what they would do), resets the sequences, and checks every table against the manifest.
     */
    static Map<String, Long> restore(Connection c, Path dir, Manifest manifest) throws SQLException, IOException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            List<String> names = manifest.tables().stream().map(TableCopy::name).toList();
            for (String table : names) {
                s.execute("ALTER TABLE " + quote(table) + " DISABLE TRIGGER USER");
            }
            s.execute("TRUNCATE " + String.join(", ", names.stream().map(Backups::quote).toList()));
            CopyManager copy = new CopyManager(c.unwrap(BaseConnection.class));
            Map<String, Long> restored = new LinkedHashMap<>();
            for (String table : names) {
                try (Reader in = Files.newBufferedReader(dir.resolve(table + ".copy"), StandardCharsets.UTF_8)) {
                    restored.put(table, copy.copyIn("COPY " + quote(table) + " FROM STDIN", in));
                }
            }
            for (String table : names) {
                s.execute("ALTER TABLE " + quote(table) + " ENABLE TRIGGER USER");
            }
            resetSequences(c);
            for (TableCopy table : manifest.tables()) {
                String now = checksum(c, table.name());
                if (!now.equals(table.checksum())) {
                    throw new SQLException("table " + table.name() + " does not match the backup after restore");
                }
            }
            c.commit();
            return restored;
        } catch (SQLException | IOException | RuntimeException e) {
            c.rollback();
            throw e;
        }
    }

    /** The newest successful Flyway version, or "none". */
    static String schemaVersion(Connection c) throws SQLException {
        if (!Db.tableExists(c, "flyway_schema_history")) {
            return "none";
        }
        try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery(
                "SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL "
                        + "ORDER BY installed_rank DESC LIMIT 1")) {
            return rows.next() ? rows.getString(1) : "none";
        }
    }

    /** An order-independent checksum of a table's rows. */
    static String checksum(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery("SELECT coalesce(md5(string_agg(t::text, "
                + "E'\\n' ORDER BY t::text)), 'empty') FROM " + quote(table) + " t")) {
            rows.next();
            return rows.getString(1);
        }
    }

    /** Every sequence used by a column default continues after the largest value of every such column. */
    private static void resetSequences(Connection c) throws SQLException {
        Map<String, List<String>> uses = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery("""
                SELECT substring(pg_get_expr(d.adbin, d.adrelid) FROM 'nextval\\(''([^'']+)''') AS seq,
                       format('SELECT max(%I) FROM %I', a.attname, cl.relname)
                FROM pg_attrdef d
                JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
                JOIN pg_class cl ON cl.oid = d.adrelid
                JOIN pg_namespace n ON n.oid = cl.relnamespace
                WHERE n.nspname = current_schema() AND pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%'""")) {
            while (rows.next()) {
                uses.computeIfAbsent(rows.getString(1), k -> new ArrayList<>()).add(rows.getString(2));
            }
        }
        try (Statement s = c.createStatement()) {
            for (var use : uses.entrySet()) {
                String max = "SELECT greatest(" + String.join(", ", use.getValue().stream().map(q -> "(" + q + ")")
                        .toList()) + ")";
                s.execute("SELECT setval('" + use.getKey() + "', coalesce((" + max + "), 0) + 1, false)");
            }
        }
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
