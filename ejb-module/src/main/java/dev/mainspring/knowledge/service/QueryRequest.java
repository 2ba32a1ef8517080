package dev.mainspring.knowledge.service;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A retrieval test against one knowledge base: the query text and how many chunks (default 5). */
public record QueryRequest(
    @NotBlank @Size(max = 8000) String query, @Min(1) @Max(100) Integer topK) {

  static final int DEFAULT_TOP_K = 5;

  int topKOrDefault() {
    return topK == null ? DEFAULT_TOP_K : topK;
  }
}
