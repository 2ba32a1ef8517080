package dev.mainspring.run.service.tool;

/** A tool call that could not be done; the message is told to the model, so it says why plainly. */
public class ToolException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ToolException(String message) {
    super(message);
  }
}
