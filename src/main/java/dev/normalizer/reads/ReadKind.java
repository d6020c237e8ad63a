package dev.normalizer.reads;

import dev.normalizer.audit.AuditLog.Chain;
import java.util.function.ToLongFunction;

/**
 * A kind of record that the API reads on both paths: what {@link Reads} needs to shadow and audit a read of it, so
 * that no service has to. Declared once per kind, as a constant beside its API record ({@code PatientRecord.KIND}).
 *
 * @param entity the kind's name in the shadow-read metrics ({@code entity="patient"}); a fixed, small set of labels
 * @param chain  the audit chain that records its reads
 * @param id     a record's numeric id, which the audit event of a page lists
 * @param <R>    the API record
 * @param <F>    what a list of them is filtered by
 */
public record ReadKind<R, F>(String entity, Chain chain, ToLongFunction<R> id) {
}
