package dev.mainspring.inference.service.modelops;

import jakarta.validation.constraints.Size;

/** What a model test sends: {@code input}, or {@value #DEFAULT_INPUT} when it is left out. */
public record ModelTestInput(@Size(min = 1, max = 4000) String input) {

  public static final String DEFAULT_INPUT = "Say hello.";

  /** The text to send. */
  public String text() {
    return input == null ? DEFAULT_INPUT : input;
  }
}
