package dev.normalizer.customer;

/** The customer list filters: {@code email} ignores case; a null field does not filter. */
public record CustomerFilter(String email, Integer companyId) {
}
