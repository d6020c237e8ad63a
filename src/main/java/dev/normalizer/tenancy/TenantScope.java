package dev.normalizer.tenancy;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Optional;

/**
 * Scopes the current transaction to one tenant: sets the transaction-local {@code app.tenant_id} that the row-level
 * security policies (V9) compare with, on the connection Agroal has enlisted in the transaction, which Hibernate and
 * {@code Jdbc} are handed as well. A request's transactions get it from {@link TenantTransactions}, with their time
 * limits; work off the request path (shadow reads) calls it itself.
 */
@ApplicationScoped
public class TenantScope {

    static final String SETTING = "app.tenant_id";
    /** PostgreSQL's SQLSTATE for a statement cancelled by {@code statement_timeout}. */
    private static final String QUERY_CANCELED = "57014";

    private final AgroalDataSource dataSource;

    public TenantScope(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Scopes a request's transaction to its tenant, if it has one, and limits how long each of its statements may
     * wait for a lock ({@code lock_timeout}) and run ({@code statement_timeout}), in one round trip. Zero is no limit.
     */
    public void scopeRequest(Optional<Integer> tenantId, Duration lockTimeout, Duration statementTimeout) {
        String lock = Long.toString(lockTimeout.toMillis());
        String statement = Long.toString(statementTimeout.toMillis());
        String limits = "SELECT set_config('lock_timeout', ?, true), set_config('statement_timeout', ?, true)";
        if (tenantId.isPresent()) {
            set(limits + ", set_config(?, ?, true)", lock, statement, SETTING, tenantId.get().toString());
        } else {
            set(limits, lock, statement);
        }
    }

    /** Scopes to the tenant, and cancels any statement of the transaction that runs longer than {@code limit}. */
    public void scope(int tenantId, Duration limit) {
        set("SELECT set_config(?, ?, true), set_config('statement_timeout', ?, true)", SETTING,
                Integer.toString(tenantId), Long.toString(Math.max(1, limit.toMillis())));
    }

    /** Whether a failure was a statement cancelled by the limit of {@link #scope(int, Duration)}. */
    public static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && QUERY_CANCELED.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private void set(String sql, String... values) {
        // Closing the handle does not return an enlisted connection to the pool before the transaction ends.
        try (Connection connection = enlistedConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setString(i + 1, values[i]);
            }
            statement.execute();
        } catch (SQLException e) {
            throw new TenantScopeException(e);
        }
    }

    /**
     * The transaction's connection; the first call of a transaction takes it from the pool. Agroal says that none was
     * free in time only in words, and so does a database that refuses a new connection, so any failure to get one
     * becomes the type JDBC has for "connection failed, try again": the answer is then a 503, told by type.
     */
    private Connection enlistedConnection() throws SQLException {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw new SQLTransientConnectionException("no database connection", e.getSQLState(), e);
        }
    }

    /** The tenant could not be set, so the transaction must not go on; mapped like any database failure. */
    static final class TenantScopeException extends RuntimeException {
        TenantScopeException(SQLException cause) {
            super("could not scope the transaction to its tenant", cause);
        }
    }
}
