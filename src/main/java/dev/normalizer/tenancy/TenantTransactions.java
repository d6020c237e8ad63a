package dev.normalizer.tenancy;

import dev.normalizer.auth.Caller;
import io.quarkus.arc.Arc;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

/**
 * Tells the database whose rows a transaction may see: at the start of every {@code @Transactional} method of a
 * request, the caller's tenant scopes the transaction ({@link TenantScope}). It runs inside the transaction that the
 * transactional interceptor (priority 200) has begun, so every statement of the transaction is scoped, whichever
 * read path issues it. Once per transaction: a nested call finds the mark in the transaction's registry. Without a
 * request, or a request without a tenant, nothing is set and the policies show no rows.
 */
@Transactional
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 201)
public class TenantTransactions {

    private static final Object SCOPED = TenantTransactions.class;

    private final TransactionSynchronizationRegistry registry;
    private final TenantScope scope;
    private final Caller caller;

    public TenantTransactions(TransactionSynchronizationRegistry registry, TenantScope scope, Caller caller) {
        this.registry = registry;
        this.scope = scope;
        this.caller = caller;
    }

    @AroundInvoke
    Object scopeToTenant(InvocationContext invocation) throws Exception {
        if (registry.getResource(SCOPED) == null) {
            registry.putResource(SCOPED, Boolean.TRUE);
            if (Arc.container().requestContext().isActive()) {
                caller.knownTenantId().ifPresent(scope::scope);
            }
        }
        return invocation.proceed();
    }
}
