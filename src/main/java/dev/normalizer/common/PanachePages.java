package dev.normalizer.common;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import java.util.List;
import java.util.function.Function;

/** A page of a Panache query's entities as API records: the normalized readers' pages, and the privacy requests'. */
public final class PanachePages {

    private PanachePages() {
    }

    public static <E, T> Page<T> page(PanacheQuery<E> query, long total, PageRequest page, Function<E, T> map) {
        List<T> items = query.range(page.offset(), page.offset() + page.size() - 1).list().stream().map(map)
                .toList();
        return new Page<>(items, page.page(), page.size(), total);
    }
}
