package dev.normalizer.reads;

import dev.normalizer.audit.AuditLog;
import dev.normalizer.auth.Caller;
import dev.normalizer.common.Page;
import dev.normalizer.common.PageRequest;
import dev.normalizer.readpath.ReadPath;
import dev.normalizer.readpath.RequestReadPath;
import dev.normalizer.shadow.ShadowReads;
import io.quarkus.arc.All;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The dual read, in one place. A service asks for a record, or a page, by its kind; this seam takes the tenant from
 * the request ({@link Caller}), reads through the reader of the request's read path ({@link RequestReadPath}), hands
 * the answer to the shadow comparison ({@link ShadowReads}, which acts only while the flag's variant is shadow) and
 * records the read in the audit trail ({@link AuditLog}, while {@code audit.reads} is on). Every read endpoint used to
 * do these by hand, and one that forgot the shadow or the audit failed silently; services now reach the readers only
 * through this class, so a new endpoint cannot forget either.
 *
 * <p>The path is chosen in {@link #reader} and nowhere else, from the readers that exist for it: retiring the legacy
 * path means deleting the {@code Legacy*Reader} classes, and nothing here.
 *
 * <p>Each method joins the caller's transaction, or begins one, which {@code TenantTransactions} scopes to the tenant;
 * a read of a page under its owner ({@link #listOf}) reads both in that one transaction.
 */
@ApplicationScoped
public class Reads {

    private final Map<ReadPath, Map<ReadKind<?, ?>, Reader<?, ?>>> readers = new EnumMap<>(ReadPath.class);
    private final RequestReadPath readPath;
    private final Caller caller;
    private final ShadowReads shadow;
    private final AuditLog audit;
    private final EntityManager em;

    public Reads(@All List<Reader<?, ?>> all, RequestReadPath readPath, Caller caller, ShadowReads shadow,
            AuditLog audit, EntityManager em) {
        this.readPath = readPath;
        this.caller = caller;
        this.shadow = shadow;
        this.audit = audit;
        this.em = em;
        Set<ReadKind<?, ?>> kinds = new HashSet<>();
        for (Reader<?, ?> reader : all) {
            kinds.add(reader.kind());
            if (readers.computeIfAbsent(reader.path(), path -> new HashMap<>()).put(reader.kind(), reader) != null) {
                throw new IllegalStateException("two readers of " + reader.kind().entity() + " on the "
                        + reader.path().headerValue() + " path");
            }
        }
        readers.forEach((path, byKind) -> kinds.stream().filter(kind -> !byKind.containsKey(kind)).findFirst()
                .ifPresent(kind -> {
                    throw new IllegalStateException("no reader of " + kind.entity() + " on the " + path.headerValue()
                            + " path: a kind is read on every path or on none");
                }));
    }

    /** One record, audited when found; empty when the tenant has no such record that reads serve. */
    @Transactional
    public <R> Optional<R> find(ReadKind<R, ?> kind, long id) {
        int tenantId = caller.tenantId();
        Optional<R> record = reader(kind, readPath.get()).find(tenantId, id);
        Reader<R, ?> normalized = reader(kind, ReadPath.NORMALIZED);
        shadow.compare(kind.entity(), tenantId, record, () -> normalized.find(tenantId, id));
        return audit.recordRead(kind.chain(), id, record);
    }

    /** One page of the records that the filter keeps, audited as one event naming each record of it. */
    @Transactional
    public <R, F> Page<R> list(ReadKind<R, F> kind, F filter, PageRequest page) {
        int tenantId = caller.tenantId();
        Page<R> records = reader(kind, readPath.get()).list(tenantId, filter, page);
        Reader<R, F> normalized = reader(kind, ReadPath.NORMALIZED);
        shadow.compare(kind.entity(), tenantId, records, () -> normalized.list(tenantId, filter, page));
        return audit.recordPage(kind.chain(), records, kind.id());
    }

    /**
     * One page of the records listed under an owner (the orders of a customer), whose reader's filter is the owner's
     * id; empty, and neither audited nor a page, when the owner is not one that reads serve. The owner is read on the
     * same path and compared with it, so the shadow compares the whole answer; the owner's read itself is not
     * audited, since the answer does not show it.
     */
    @Transactional
    public <R> Optional<Page<R>> listOf(ReadKind<?, ?> owner, long ownerId, ReadKind<R, Long> kind,
            PageRequest page) {
        int tenantId = caller.tenantId();
        ReadPath path = readPath.get();
        Optional<Page<R>> records = pageOf(reader(owner, path), reader(kind, path), tenantId, ownerId, page);
        Reader<?, ?> normalizedOwner = reader(owner, ReadPath.NORMALIZED);
        Reader<R, Long> normalized = reader(kind, ReadPath.NORMALIZED);
        shadow.compare(kind.entity(), tenantId, records,
                () -> pageOf(normalizedOwner, normalized, tenantId, ownerId, page));
        return records.map(found -> audit.recordPage(kind.chain(), found, kind.id()));
    }

    /**
     * A record just written, as the request's path now shows it, for the write's answer: the write is sent to the
     * database and the session's copies forgotten first, so the answer comes from the database (with what its
     * triggers and the legacy mirror did). Part of the write, so neither shadowed nor audited as a read: the write
     * has its own audit event.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <R> R readBack(ReadKind<R, ?> kind, long id) {
        em.flush();
        em.clear();
        return reader(kind, readPath.get()).find(caller.tenantId(), id).orElseThrow(
                () -> new IllegalStateException(kind.entity() + " " + id + " vanished inside its own write"));
    }

    private static <R> Optional<Page<R>> pageOf(Reader<?, ?> owner, Reader<R, Long> reader, int tenantId,
            long ownerId, PageRequest page) {
        return owner.find(tenantId, ownerId).map(found -> reader.list(tenantId, ownerId, page));
    }

    /** The reader of this kind on this path: where the request's path is applied, and the only place. */
    @SuppressWarnings("unchecked") // registered under its own kind(), whose type parameters are the reader's
    private <R, F> Reader<R, F> reader(ReadKind<R, F> kind, ReadPath path) {
        Reader<?, ?> reader = readers.getOrDefault(path, Map.of()).get(kind);
        if (reader == null) {
            throw new IllegalStateException("no reader of " + kind.entity() + " on the " + path.headerValue()
                    + " path");
        }
        return (Reader<R, F>) reader;
    }
}
