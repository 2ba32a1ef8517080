package dev.mainspring.platform.error;

/** An If-Match precondition did not hold: the client's copy is stale. 412. */
public class PreconditionFailedException extends MainspringException {

  private static final long serialVersionUID = 1L;

  public PreconditionFailedException(String message) {
    super("precondition_failed", message);
  }

  @Override
  public int status() {
    return 412;
  }

  @Override
  public String title() {
    return "Precondition Failed";
  }
}
