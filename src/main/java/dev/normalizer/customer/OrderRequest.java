package dev.normalizer.customer;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;

/** {@code POST /api/orders}; the server sets the company, status and time. */
public record OrderRequest(@NotNull Long customerId, Integer clinicId, @NotNull @PositiveOrZero Long totalCents,
        @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be a three-letter ISO 4217 code") String currency) {
}
