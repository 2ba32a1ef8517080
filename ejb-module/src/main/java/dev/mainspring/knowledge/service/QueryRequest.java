package dev.mainspring.knowledge.service;

import dev.mainspring.knowledge.model.DocumentFilter;
import jakarta.json.JsonObject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/**
 * A retrieval against one knowledge base: the query text, how many chunks (default 5), the mode
 * ({@code semantic}, the default: nearest by embedding; {@code keyword}: PostgreSQL full-text
 * search; {@code hybrid}: both, fused by reciprocal rank), and filters narrowing the documents.
 */
public record QueryRequest(
    @NotBlank @Size(max = 8000) String query,
    @Min(1) @Max(100) Integer topK,
    @Pattern(regexp = "semantic|keyword|hybrid", message = "must be semantic, keyword or hybrid")
        String mode,
    @Valid Filters filters) {

  static final int DEFAULT_TOP_K = 5;
  static final String SEMANTIC = "semantic";
  static final String KEYWORD = "keyword";
  static final String HYBRID = "hybrid";

  /**
   * Documents a result may come from: of these sources, of these ids, and whose metadata contains
   * this object (each absent part does not narrow; all given parts must hold).
   */
  public record Filters(
      @Size(max = 100) List<@jakarta.validation.constraints.NotNull UUID> sourceIds,
      @Size(max = 1000) List<@jakarta.validation.constraints.NotNull UUID> documentIds,
      JsonObject metadata) {}

  int topKOrDefault() {
    return topK == null ? DEFAULT_TOP_K : topK;
  }

  String modeOrDefault() {
    return mode == null ? SEMANTIC : mode;
  }

  DocumentFilter documentFilter() {
    if (filters == null) {
      return DocumentFilter.NONE;
    }
    return new DocumentFilter(
        filters.sourceIds() == null ? null : new LinkedHashSet<>(filters.sourceIds()),
        filters.documentIds() == null ? null : new LinkedHashSet<>(filters.documentIds()),
        filters.metadata() == null || filters.metadata().isEmpty()
            ? null
            : filters.metadata().toString());
  }
}
