package dev.normalizer.customer;

import jakarta.validation.constraints.NotNull;

/** {@code POST /api/customers/login}. */
public record LoginRequest(@NotNull String email, @NotNull String password) {
}
