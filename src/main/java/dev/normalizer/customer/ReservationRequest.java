package dev.normalizer.customer;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.LocalDateTime;

/** {@code POST /api/reservations}; duration defaults to 30 minutes and party size to 1. */
public record ReservationRequest(@NotNull Long customerId, @NotNull Integer clinicId, @NotNull LocalDateTime startsAt,
        @Min(1) @Max(1440) Short durationMin, @Min(1) @Max(100) Short partySize, String notes) {
}
