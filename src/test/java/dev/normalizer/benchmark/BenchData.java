package dev.normalizer.benchmark;

import dev.normalizer.common.EmbeddedDatabase;
import dev.normalizer.testsupport.TestDatabase;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the load draws its requests from, made once after the migration, as the owner, in a schema of its own
 * ({@value #SCHEMA}): the integrity checks look at the public schema, where a table with a {@code tenant_id} and no
 * row-level security would count as a leak.
 * <ul>
 * <li>{@code bench.ids (n, id)}: {@value #IDS} random patients of tenant 1 that reads serve, numbered from 1;
 * <li>{@code bench.list_values (filter, n, value)}: up to {@value #VALUES} random values of each list's column among
 * those patients, numbered from 1 per filter;
 * <li>{@code bench.flat}: a copy of {@code v_patients_legacy} with its primary key, the flat table whose row by id is
 * the least a read by id can cost (the physical limit).
 * </ul>
 * wrk reads the same values from files, one per line (list values URL-encoded); pgbench picks them from the tables.
 */
final class BenchData {

    static final String SCHEMA = "bench";
    static final int IDS = 10_000;
    static final int VALUES = 1_000;
    private static final String SERVED = "tenant_id = 1 AND NOT gdpr_restricted AND erased_at IS NULL";

    private final String database;
    private final Path ids;
    private final Map<ListFilter, Path> values;

    private BenchData(String database, Path ids, Map<ListFilter, Path> values) {
        this.database = database;
        this.ids = ids;
        this.values = values;
    }

    static BenchData create(String database, Path outputDir, String timestamp) throws SQLException, IOException {
        try (Connection c = TestDatabase.connect(database); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            s.execute("CREATE SCHEMA " + SCHEMA);
            // What pgbench's transactions cost (Pgbench.costs): the server loads it (Pgbench.SERVER_SETTINGS).
            s.execute("CREATE EXTENSION pg_stat_statements SCHEMA " + SCHEMA);
            s.execute("CREATE TABLE bench.ids AS SELECT row_number() OVER () AS n, id FROM (SELECT id FROM "
                    + "patient_core WHERE " + SERVED + " ORDER BY random() LIMIT " + IDS + ") x");
            s.execute("ALTER TABLE bench.ids ADD PRIMARY KEY (n)");
            s.execute("CREATE TABLE bench.list_values (filter text, n bigint, value text NOT NULL, "
                    + "PRIMARY KEY (filter, n))");
            for (ListFilter filter : ListFilter.values()) {
                String column = filter.column();
                String range = filter == ListFilter.DATE_OF_BIRTH
                        // Dates the API accepts (Dates.RANGE), written as it parses them.
                        ? " AND " + column + " BETWEEN '0001-01-01' AND '9999-12-31'" : "";
                String value = filter == ListFilter.DATE_OF_BIRTH ? "to_char(" + column + ", 'YYYY-MM-DD')"
                        : column + "::text";
                s.execute("INSERT INTO bench.list_values SELECT '" + filter.name() + "', row_number() OVER (), v "
                        + "FROM (SELECT v FROM (SELECT DISTINCT " + value + " AS v FROM patient_core WHERE " + SERVED
                        + " AND " + column + " IS NOT NULL AND " + column + "::text <> ''" + range + ") d "
                        + "ORDER BY random() LIMIT " + VALUES + ") x");
            }
            s.execute("CREATE TABLE bench.flat AS SELECT * FROM v_patients_legacy");
            s.execute("ALTER TABLE bench.flat ADD PRIMARY KEY (id)");
            for (String table : List.of("bench.ids", "bench.list_values", "bench.flat")) {
                s.execute("VACUUM ANALYZE " + table);
            }
            // The service's role picks its values from these in the pgbench arms; the flat table is the owner's.
            s.execute("GRANT USAGE ON SCHEMA bench TO " + EmbeddedDatabase.APP_ROLE);
            s.execute("GRANT SELECT ON bench.ids, bench.list_values TO " + EmbeddedDatabase.APP_ROLE);

            Path ids = Files.write(outputDir.resolve(timestamp + "-patient-ids.txt"),
                    column(s, "SELECT id FROM bench.ids ORDER BY n"));
            Map<ListFilter, Path> values = new EnumMap<>(ListFilter.class);
            for (ListFilter filter : ListFilter.values()) {
                List<String> encoded = column(s, "SELECT value FROM bench.list_values WHERE filter = '" + filter.name()
                        + "' ORDER BY n").stream().map(v -> URLEncoder.encode(v, StandardCharsets.UTF_8)).toList();
                if (encoded.isEmpty()) {
                    throw new IllegalStateException("tenant 1 has no patient with a " + filter.label());
                }
                values.put(filter, Files.write(outputDir.resolve(timestamp + "-" + filter.parameter() + "-values.txt"),
                        encoded));
            }
            return new BenchData(database, ids, values);
        }
    }

    String database() {
        return database;
    }

    /** The patient ids, one per line, in the order of {@code bench.ids.n}. */
    Path ids() {
        return ids;
    }

    /** The values of a list's filter, URL-encoded, one per line, in the order of {@code bench.list_values.n}. */
    Path values(ListFilter filter) {
        return values.get(filter);
    }

    private static List<String> column(Statement s, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
