package dev.normalizer.tenancy;

import dev.normalizer.auth.Caller;
import io.quarkus.arc.Arc;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Duration;

/**
 * Tells the database whose rows a transaction may see: at the start of every {@code @Transactional} method of a
 * request, the caller's tenant scopes the transaction ({@link TenantScope}). It runs inside the transaction that the
 * transactional interceptor (priority 200) has begun, so every statement of the transaction is scoped, whichever
 * read path issues it. Once per transaction: a nested call finds the mark in the transaction's registry. Without a
 * request, nothing is set; a request without a tenant sets none, and the policies show no rows.
 *
 * <p>The same round trip limits how long a request's statements wait for a lock held elsewhere
 * ({@code request.lock-timeout}) and run ({@code request.statement-timeout}): a request on a row that another
 * transaction holds is answered (409, or 503) instead of keeping its pooled connection for as long as the other
 * takes, until the pool is empty for everyone. It is also the first statement of the transaction, so it is where the
 * connection is taken from the pool.
 */
@Transactional
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 201)
public class TenantTransactions {

    private static final Object SCOPED = TenantTransactions.class;

    private final TransactionSynchronizationRegistry registry;
    private final TenantScope scope;
    private final Caller caller;
    private final Duration lockTimeout;
    private final Duration statementTimeout;

    public TenantTransactions(TransactionSynchronizationRegistry registry, TenantScope scope, Caller caller,
            RequestTimeoutsConfig timeouts) {
        this.registry = registry;
        this.scope = scope;
        this.caller = caller;
        this.lockTimeout = timeouts.lockTimeout();
        this.statementTimeout = timeouts.statementTimeout();
    }

    @AroundInvoke
    Object scopeToTenant(InvocationContext invocation) throws Exception {
        if (registry.getResource(SCOPED) == null) {
            registry.putResource(SCOPED, Boolean.TRUE);
            if (Arc.container().requestContext().isActive()) {
                scope.scopeRequest(caller.knownTenantId(), lockTimeout, statementTimeout);
            }
        }
        return invocation.proceed();
    }
}
