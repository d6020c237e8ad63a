package dev.normalizer.tenancy;

import dev.normalizer.auth.Caller;
import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Arc;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Tells the database whose rows a transaction may see: at the start of every {@code @Transactional} method of a
 * request, the caller's tenant becomes the transaction-local {@code app.tenant_id} that the row-level security
 * policies (V9) compare with. It runs inside the transaction that the transactional interceptor (priority 200)
 * has begun, on the connection Agroal has enlisted in it, which Hibernate and {@code Jdbc} are handed as well, so
 * every statement of the transaction is scoped, whichever read path issues it. Once per transaction: a nested
 * call finds the mark in the transaction's registry. Without a request, or a request without a tenant, nothing is
 * set and the policies show no rows.
 */
@Transactional
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 201)
public class TenantTransactions {

    static final String SETTING = "app.tenant_id";
    private static final Object SCOPED = TenantTransactions.class;

    private final TransactionSynchronizationRegistry registry;
    private final AgroalDataSource dataSource;
    private final Caller caller;

    public TenantTransactions(TransactionSynchronizationRegistry registry, AgroalDataSource dataSource,
            Caller caller) {
        this.registry = registry;
        this.dataSource = dataSource;
        this.caller = caller;
    }

    @AroundInvoke
    Object scopeToTenant(InvocationContext invocation) throws Exception {
        if (registry.getResource(SCOPED) == null) {
            registry.putResource(SCOPED, Boolean.TRUE);
            if (Arc.container().requestContext().isActive()) {
                caller.knownTenantId().ifPresent(this::setTenant);
            }
        }
        return invocation.proceed();
    }

    private void setTenant(int tenantId) {
        // Closing the handle does not return an enlisted connection to the pool before the transaction ends.
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT set_config(?, ?, true)")) {
            statement.setString(1, SETTING);
            statement.setString(2, Integer.toString(tenantId));
            statement.execute();
        } catch (SQLException e) {
            throw new TenantScopeException(e);
        }
    }

    /** The tenant could not be set, so the transaction must not go on; mapped like any database failure. */
    static final class TenantScopeException extends RuntimeException {
        TenantScopeException(SQLException cause) {
            super("could not scope the transaction to its tenant", cause);
        }
    }
}
