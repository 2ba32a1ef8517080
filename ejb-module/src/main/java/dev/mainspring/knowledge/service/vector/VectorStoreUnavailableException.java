package dev.mainspring.knowledge.service.vector;

import dev.mainspring.platform.error.MainspringException;

/**
 * The vector store of a provider instance did not answer, or answered with an error: 503 {@code
 * vector_store_unavailable}. The message names neither the server nor its error (both are logged),
 * so that a client learns nothing of the network behind the provider.
 */
public class VectorStoreUnavailableException extends MainspringException {

  private static final long serialVersionUID = 1L;

  public VectorStoreUnavailableException() {
    super(
        "vector_store_unavailable",
        "the vector store did not answer; try again later or ask an operator to check the"
            + " provider");
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
