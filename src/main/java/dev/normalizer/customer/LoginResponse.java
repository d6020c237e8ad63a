package dev.normalizer.customer;

import java.time.LocalDateTime;

/** A new session: the bearer token (shown once, stored only as a hash), when it expires, and whose it is. */
public record LoginResponse(String token, LocalDateTime expiresAt, Long customerId) {
}
