package dev.normalizer.tenancy;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Connections as the role that owns the schema, which row-level security does not bind: for the work that must
 * see every tenant (the command line, the integrity suite, the audit retention job), never for a request. They
 * use Flyway's credentials ({@code quarkus.flyway.username} and {@code password}, falling back to the
 * datasource's, as Flyway does), so that the owner is configured once. Not pooled when Flyway has credentials of
 * its own: this work is occasional.
 */
@ApplicationScoped
public class OwnerConnections {

    private final DataSource dataSource;

    public OwnerConnections(Flyway flyway) {
        this.dataSource = flyway.getConfiguration().getDataSource();
    }

    /** A new connection in autocommit mode; the caller closes it. */
    public Connection open() throws SQLException {
        return dataSource.getConnection();
    }
}
