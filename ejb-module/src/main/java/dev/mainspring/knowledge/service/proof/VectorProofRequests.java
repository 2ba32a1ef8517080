package dev.mainspring.knowledge.service.proof;

import jakarta.json.JsonObject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/**
 * The bodies of the vector proof routes ({@code /v1/platform/vector/...}). A proof index name is
 * {@value #NAME_RULE}; the store keeps it as {@code proof_<name>}, a namespace no knowledge base's
 * index ({@code kb_<id>}) is in.
 */
public final class VectorProofRequests {

  /** The rule of a proof index's name. */
  public static final String NAME_RULE = "[a-z][a-z0-9_]{0,39}";

  static final String NAME_MESSAGE =
      "must be 1 to 40 lower-case letters, digits or _, a letter first";

  private VectorProofRequests() {}

  /** {@code POST /v1/platform/vector/indexes/ensure}. */
  public record Ensure(
      @NotNull @Pattern(regexp = NAME_RULE, message = NAME_MESSAGE) String index,
      @NotNull @Min(1) @Max(16000) Integer dimensions) {}

  /** {@code POST /v1/platform/vector/documents/upsert}. */
  public record Upsert(
      @NotNull @Pattern(regexp = NAME_RULE, message = NAME_MESSAGE) String index,
      @NotEmpty @Size(max = 256) List<@NotNull @Valid Document> documents) {}

  /** One document: its id and either a vector or a text to embed, with optional metadata. */
  public record Document(
      @NotNull UUID id,
      @Size(min = 1, max = 16000) List<@NotNull Double> vector,
      @Size(min = 1, max = 8000) String text,
      JsonObject metadata) {}

  /** {@code POST /v1/platform/vector/query}. */
  public record Query(
      @NotNull @Pattern(regexp = NAME_RULE, message = NAME_MESSAGE) String index,
      @Size(min = 1, max = 16000) List<@NotNull Double> vector,
      @Size(min = 1, max = 8000) String text,
      @Min(1) @Max(100) Integer topK) {

    static final int DEFAULT_TOP_K = 5;

    int topKOrDefault() {
      return topK == null ? DEFAULT_TOP_K : topK;
    }
  }

  /** {@code POST /v1/platform/embeddings}: the texts to embed, at most 64. */
  public record Embeddings(
      @NotEmpty @Size(max = 64) List<@NotNull @Size(min = 1, max = 8000) String> input) {}

  /** {@code POST /v1/platform/vector/documents/delete}. */
  public record Delete(
      @NotNull @Pattern(regexp = NAME_RULE, message = NAME_MESSAGE) String index,
      @NotEmpty @Size(max = 1000) List<@NotNull UUID> ids) {}
}
