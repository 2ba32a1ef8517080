package dev.mainspring.platform.model;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * One page of rows read in id order, and whether more rows follow it. A repository reads {@code
 * limit + 1} rows and hands them to {@link #of}; the extra row only tells that a next page exists.
 *
 * @param items the rows of this page, at most the requested limit
 * @param nextAfter the id to continue after, or {@code null} on the last page
 */
public record Slice<T>(List<T> items, UUID nextAfter) {

  /** Cuts {@code rows} (read with limit + 1) to {@code limit} and remembers where to go on. */
  public static <T> Slice<T> of(List<T> rows, int limit, Function<T, UUID> id) {
    if (rows.size() <= limit) {
      return new Slice<>(List.copyOf(rows), null);
    }
    List<T> page = List.copyOf(rows.subList(0, limit));
    return new Slice<>(page, id.apply(page.get(limit - 1)));
  }
}
