package dev.mainspring.platform.service;

import dev.mainspring.platform.model.Slice;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a list as services return it.
 *
 * @param items the items of this page
 * @param nextCursor the cursor of the next page, or null on the last one
 */
public record Page<T>(List<T> items, String nextCursor) {

  /** The page of a repository slice, its rows mapped to views. */
  public static <E, T> Page<T> of(Slice<E> slice, Function<E, T> view) {
    return new Page<>(
        slice.items().stream().map(view).toList(), PageRequest.cursorAfter(slice.nextAfter()));
  }
}
