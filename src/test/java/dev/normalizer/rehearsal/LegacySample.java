package dev.normalizer.rehearsal;

import dev.normalizer.common.EmbeddedDatabase;
import dev.normalizer.testsupport.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * {@code src/rehearsal/legacy-sample.sh <data-dir>}: makes an embedded PostgreSQL in a new data directory that holds
 * what production holds today, the legacy schema and the legacy sample (300 patients, 150 users, no Flyway
 * history), so that the runbooks (docs/dba.md, docs/release-manager.md) can be followed on this machine with
 * {@code EMBEDDED_POSTGRES_DATA_DIR=<data-dir>}. It starts the server the way the service does, loads the sample,
 * and stops it.
 */
public final class LegacySample {

    private LegacySample() {
    }

    public static void main(String... args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: src/rehearsal/legacy-sample.sh <data-dir>   (a directory that does not exist yet)");
            System.exit(2);
        }
        Path dataDir = Path.of(args[0]).toAbsolutePath();
        if (Files.exists(dataDir)) {
            System.err.println(dataDir + " exists already: remove it, or name a new directory");
            System.exit(2);
        }
        System.setProperty(EmbeddedDatabase.DATA_DIR_PROPERTY, dataDir.toString());
        EmbeddedDatabase.startUnlessConfigured();
        String url = System.getProperty("quarkus.datasource.jdbc.url");
        try (Connection c = DriverManager.getConnection(url, EmbeddedDatabase.OWNER, EmbeddedDatabase.OWNER);
                Statement s = c.createStatement()) {
            s.execute(TestDatabase.readResource("db/migration/V1__legacy_baseline.sql"));
            s.execute(TestDatabase.readResource("fixture/legacy-sample-data.sql"));
            System.out.println("legacy sample loaded into the embedded PostgreSQL in " + dataDir + ": "
                    + count(s, "patients") + " patients, " + count(s, "users") + " users, " + count(s, "orders")
                    + " orders, no Flyway history");
        }
        System.exit(0);
    }

    private static long count(Statement s, String table) throws SQLException {
        try (ResultSet rows = s.executeQuery("SELECT count(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
