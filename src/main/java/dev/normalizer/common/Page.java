package dev.normalizer.common;

import java.util.List;

/** One page of a list, ordered by id ascending, as the API contract shapes it. */
public record Page<T>(List<T> items, int page, int size, long total) {
}
