package dev.normalizer.audit;

import dev.normalizer.auth.Caller;
import dev.normalizer.common.Page;
import dev.normalizer.readpath.RequestReadPath;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * Records who (the token's subject), which tenant, what, which records, on which read path, for which request, in
 * the audit trail (V7), whose rows the database chains. A write's event is appended in the write's transaction and
 * commits or rolls back with it. A read's event is handed to {@link ReadAuditWriter}, which appends reads in
 * batches off the request path (measured: appending in each read's transaction cost about half the read
 * throughput, docs/benchmarks.md); a crash of the service can lose the read events still queued, never a write's.
 */
@ApplicationScoped
public class AuditLog {

    /** The entity types, each a chain of its own. */
    public enum Chain {
        PATIENT, CUSTOMER, ORDER, RESERVATION
    }

    public enum Action {
        READ, LIST, CREATE, UPDATE, EXPORT, RECTIFY, ERASE, RESTRICT;

        boolean isRead() {
            return this == READ || this == LIST;
        }
    }

    private final EntityManager em;
    private final Caller caller;
    private final RequestReadPath readPath;
    private final ReadAuditWriter reads;
    private final boolean auditReads;

    public AuditLog(EntityManager em, Caller caller, RequestReadPath readPath, ReadAuditWriter reads,
            AuditConfig config) {
        this.em = em;
        this.caller = caller;
        this.readPath = readPath;
        this.reads = reads;
        this.auditReads = config.reads();
    }

    /** One event naming one record. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Chain chain, Action action, long id) {
        append(chain, action, Long.toString(id));
    }

    /** A read of one record: an event when it was found; returns what was read. */
    public <T> Optional<T> recordRead(Chain chain, long id, Optional<T> record) {
        if (auditReads) {
            record.ifPresent(found -> append(chain, Action.READ, Long.toString(id)));
        }
        return record;
    }

    /** A read of a page: one event naming every record of it, in order (none: an empty page); returns the page. */
    public <T> Page<T> recordPage(Chain chain, Page<T> page, ToLongFunction<T> id) {
        if (auditReads) {
            append(chain, Action.LIST, page.items().stream().map(item -> Long.toString(id.applyAsLong(item)))
                    .collect(Collectors.joining(",")));
        }
        return page;
    }

    private void append(Chain chain, Action action, String entityIds) {
        AuditEvent event = new AuditEvent(chain.name().toLowerCase(), caller.actor(),
                caller.knownTenantId().orElse(null), action.name().toLowerCase(), entityIds,
                readPath.get().headerValue(), caller.requestId());
        if (action.isRead()) {
            reads.enqueue(event);
            return;
        }
        var insert = em.createNativeQuery(AuditEvent.INSERT);
        List<Object> values = event.values();
        for (int i = 0; i < values.size(); i++) {
            insert.setParameter(i + 1, values.get(i));
        }
        insert.executeUpdate();
    }
}
