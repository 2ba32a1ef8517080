package dev.mainspring.bench;

/** Whether a chat completion is asked for whole or as a stream of server-sent events. */
enum Mode {
  PLAIN("non-stream"),
  STREAM("stream");

  private final String label;

  Mode(String label) {
    this.label = label;
  }

  boolean streamed() {
    return this == STREAM;
  }

  @Override
  public String toString() {
    return label;
  }
}
