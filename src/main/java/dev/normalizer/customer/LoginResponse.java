package dev.normalizer.customer;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.LocalDateTime;

/**
 * A new session: the bearer token (shown once, stored only as a hash), when it expires, and whose it is, in the
 * contract's order ({"token", "expiresAt", "customerId"}); without the annotation Jackson sorts the keys.
 */
@JsonPropertyOrder({"token", "expiresAt", "customerId"})
public record LoginResponse(String token, LocalDateTime expiresAt, Long customerId) {
}
