package dev.mainspring.inference.service.gateway;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** A model the caller may use now (document E's {@code GET /api/models/available}). */
@JsonbPropertyOrder({
  "id",
  "displayName",
  "capability",
  "providerOrigin",
  "contextWindow",
  "isDefault"
})
public record AvailableModel(
    String id,
    String displayName,
    String capability,
    String providerOrigin,
    Integer contextWindow,
    boolean isDefault) {}
