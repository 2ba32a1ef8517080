package dev.mainspring.knowledge.service;

import dev.mainspring.platform.error.InvalidRequestException;

/**
 * How a knowledge base splits documents, fixed at creation (document C): {@code fixed_length}
 * windows of {@code chunkLength} tokens, each sharing {@code chunkOverlap} tokens with the one
 * before. Tokens are those of the embeddings target's tokenizer (the sync slice counts them).
 *
 * <p>A request may leave out {@code chunking} (then {@link #DEFAULT}) or {@code chunkOverlap} (then
 * 0); {@link #check} fills those in and refuses the rest with 400 {@code invalid_chunking}.
 */
public record Chunking(String strategy, Integer chunkLength, Integer chunkOverlap) {

  public static final String FIXED_LENGTH = "fixed_length";

  /** Shorter windows carry too little text to embed usefully. */
  public static final int MIN_LENGTH = 16;

  /** Longer than any embeddings model Mainspring serves takes in one input. */
  public static final int MAX_LENGTH = 8192;

  /** Fits the built-in embeddings model, which keeps 254 word pieces of an input. */
  public static final Chunking DEFAULT = new Chunking(FIXED_LENGTH, 250, 25);

  /**
   * The complete, valid chunking of {@code requested} (which may be null); 400 {@code
   * invalid_chunking} when it is not one.
   */
  public static Chunking check(Chunking requested) {
    if (requested == null) {
      return DEFAULT;
    }
    if (!FIXED_LENGTH.equals(requested.strategy())) {
      throw invalid("chunking.strategy must be " + FIXED_LENGTH);
    }
    Integer length = requested.chunkLength();
    if (length == null) {
      throw invalid("chunking.chunk_length is required");
    }
    if (length < MIN_LENGTH || length > MAX_LENGTH) {
      throw invalid(
          "chunking.chunk_length must be between " + MIN_LENGTH + " and " + MAX_LENGTH + " tokens");
    }
    int overlap = requested.chunkOverlap() == null ? 0 : requested.chunkOverlap();
    if (overlap < 0) {
      throw invalid("chunking.chunk_overlap must not be negative");
    }
    if (overlap >= length) {
      throw invalid("chunking.chunk_overlap must be smaller than chunking.chunk_length");
    }
    return new Chunking(FIXED_LENGTH, length, overlap);
  }

  static InvalidRequestException invalid(String message) {
    return new InvalidRequestException("invalid_chunking", message);
  }
}
