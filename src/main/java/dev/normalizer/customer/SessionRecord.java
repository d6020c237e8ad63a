package dev.normalizer.customer;

import java.time.LocalDateTime;

/** A live session as {@code GET /api/customers/session} shows it: when it expires and whose it is, never its token. */
public record SessionRecord(LocalDateTime expiresAt, Long customerId) {
}
