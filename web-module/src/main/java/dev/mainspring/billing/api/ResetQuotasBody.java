package dev.mainspring.billing.api;

import dev.mainspring.billing.service.ResetQuotasRequest;
import dev.mainspring.platform.api.QueryParams;
import dev.mainspring.platform.error.InvalidRequestException;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;

/**
 * The optional body of {@code POST /api/billing/admin/reset-quotas}: none, {@code {}}, or {@code
 * {"organization_id": "<uuid>"}}.
 */
final class ResetQuotasBody {

  private ResetQuotasBody() {}

  static ResetQuotasRequest parse(String body) {
    if (body == null || body.isBlank()) {
      return new ResetQuotasRequest(null);
    }
    JsonObject json;
    try {
      json = Json.createReader(new StringReader(body)).readObject();
    } catch (JsonException | ClassCastException e) {
      throw new InvalidRequestException("malformed_json", "the body must be a JSON object");
    }
    JsonValue org = json.get("organization_id");
    if (org == null || org == JsonValue.NULL) {
      return new ResetQuotasRequest(null);
    }
    if (!(org instanceof JsonString text)) {
      throw new InvalidRequestException(
          "invalid_organization_id", "organization_id must be an organization's id");
    }
    return new ResetQuotasRequest(QueryParams.uuid("organization_id", text.getString()));
  }
}
