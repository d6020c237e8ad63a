package dev.normalizer.customer;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.LocalDateTime;

/** A live session as {@code GET /api/customers/session} shows it: when it expires and whose it is, never its token. Its keys go out
 * in that order, as docs/endpoints.md shows them; without the annotation Jackson sorts them. */
@JsonPropertyOrder({"expiresAt", "customerId"})
public record SessionRecord(LocalDateTime expiresAt, Long customerId) {
}
