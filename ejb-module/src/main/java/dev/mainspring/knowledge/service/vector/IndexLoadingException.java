package dev.mainspring.knowledge.service.vector;

import dev.mainspring.platform.error.MainspringException;

/**
 * The instance is still loading its vector indexes from PostgreSQL after a start: 503 {@code
 * index_loading}. A search now would miss chunks without saying so; the client tries again.
 */
public class IndexLoadingException extends MainspringException {

  private static final long serialVersionUID = 1L;

  IndexLoadingException() {
    super("index_loading", "the vector indexes are still being loaded after a start; try again");
  }

  @Override
  public int status() {
    return 503;
  }

  @Override
  public String title() {
    return "Service Unavailable";
  }
}
