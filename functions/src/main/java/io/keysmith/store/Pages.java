package io.keysmith.store;

import io.keysmith.core.Page;
import java.util.List;
import java.util.function.Function;

/** Cuts one page out of a sorted list: the items after {@code after}, at most {@code limit}. */
final class Pages {
    private Pages() {
    }

    static <T> Page<T> after(List<T> sorted, Function<T, String> id, String after, int limit) {
        int start = 0;
        if (after != null) {
            while (start < sorted.size() && id.apply(sorted.get(start)).compareTo(after) <= 0) {
                start++;
            }
        }
        int end = Math.min(sorted.size(), start + limit);
        List<T> items = List.copyOf(sorted.subList(start, end));
        String next = end < sorted.size() ? id.apply(items.get(items.size() - 1)) : null;
        return new Page<>(items, next);
    }
}
