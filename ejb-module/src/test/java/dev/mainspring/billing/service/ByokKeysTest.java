package dev.mainspring.billing.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.platform.error.InvalidRequestException;
import org.junit.jupiter.api.Test;

/** The rules of a user's own key, its base URL and where it may be sent. */
class ByokKeysTest {

  private static String code(Runnable call) {
    return assertThrows(InvalidRequestException.class, call::run).code();
  }

  @Test
  void aKeyWithoutBaseUrlIsForOpenRouter() {
    assertEquals("https://openrouter.ai/api/v1", ByokKeys.baseUrl(null));
    assertEquals("https://openrouter.ai/api/v1", ByokKeys.baseUrl("  "));
  }

  @Test
  void baseUrlsAreNormalizedAndCheckedLikeProviderEndpoints() {
    assertEquals("https://api.example.com/v1", ByokKeys.baseUrl("HTTPS://API.Example.com/v1/"));
    assertEquals("http://127.0.0.1:8080/v1", ByokKeys.baseUrl(" http://127.0.0.1:8080/v1 "));
    assertEquals("invalid_base_url", code(() -> ByokKeys.baseUrl("ftp://example.com/v1")));
    assertEquals("invalid_base_url", code(() -> ByokKeys.baseUrl("/v1")));
    assertEquals("invalid_base_url", code(() -> ByokKeys.baseUrl("https://u:p@example.com/v1")));
    assertEquals("invalid_base_url", code(() -> ByokKeys.baseUrl("https://example.com/v1?x=1")));
    assertEquals("invalid_base_url", code(() -> ByokKeys.baseUrl("https://example.com/v1#x")));
    assertEquals("invalid_base_url", code(() -> ByokKeys.baseUrl("https://exa mple.com")));
    assertEquals(
        "invalid_base_url",
        code(() -> ByokKeys.baseUrl("https://example.com/" + "a".repeat(2000))));
  }

  @Test
  void keysMustBePrintableAndOfBoundedLength() {
    assertEquals("sk-or-v1-abc", ByokKeys.apiKey("  sk-or-v1-abc\n"));
    assertEquals("api_key_required", code(() -> ByokKeys.apiKey(null)));
    assertEquals("api_key_required", code(() -> ByokKeys.apiKey(" ")));
    assertEquals("invalid_api_key", code(() -> ByokKeys.apiKey("sk or")));
    assertEquals("invalid_api_key", code(() -> ByokKeys.apiKey("sk-\r\nX-Evil: 1")));
    assertEquals("invalid_api_key", code(() -> ByokKeys.apiKey("sk-é")));
    assertEquals("invalid_api_key", code(() -> ByokKeys.apiKey("k".repeat(501))));
  }

  @Test
  void onlyTheLastFourCharactersAreEverShown() {
    assertEquals("1234", ByokKeys.hint("sk-or-v1-abcdef1234"));
    assertEquals("", ByokKeys.hint("abcd"), "a key too short to hint at is not shown at all");
  }

  @Test
  void aKeyGoesOnlyToTheEndpointItWasStoredFor() {
    assertTrue(
        ByokKeys.sameEndpoint("https://openrouter.ai/api/v1/", "https://openrouter.ai/api/v1"));
    assertTrue(
        ByokKeys.sameEndpoint("https://OpenRouter.ai:443/api/v1", "https://openrouter.ai/api/v1"));
    assertTrue(ByokKeys.sameEndpoint("http://127.0.0.1:80/v1", "http://127.0.0.1/v1"));
    assertFalse(
        ByokKeys.sameEndpoint("https://openrouter.ai/api/v2", "https://openrouter.ai/api/v1"));
    assertFalse(
        ByokKeys.sameEndpoint("http://openrouter.ai/api/v1", "https://openrouter.ai/api/v1"));
    assertFalse(
        ByokKeys.sameEndpoint(
            "https://openrouter.ai.evil.test/api/v1", "https://openrouter.ai/api/v1"));
    assertFalse(ByokKeys.sameEndpoint("http://127.0.0.1:8001/v1", "http://127.0.0.1:8000/v1"));
    assertFalse(ByokKeys.sameEndpoint(null, "https://openrouter.ai/api/v1"));
    assertFalse(ByokKeys.sameEndpoint("not a url", "https://openrouter.ai/api/v1"));
  }

  @Test
  void openRouterIsToldByItsHost() {
    assertTrue(ByokKeys.isOpenRouter("https://openrouter.ai/api/v1"));
    assertTrue(ByokKeys.isOpenRouter("https://eu.openrouter.ai/api/v1"));
    assertFalse(ByokKeys.isOpenRouter("https://notopenrouter.ai/api/v1"));
    assertFalse(ByokKeys.isOpenRouter("http://127.0.0.1:8000/v1"));
  }

  @Test
  void aRequestBodyIsOptionalForATestAndMustBeAnObject() {
    assertNull(ByokKeyRequest.parse(""));
    assertNull(ByokKeyRequest.parse(null));
    ByokKeyRequest request =
        ByokKeyRequest.parse("{\"api_key\":\"sk-1\",\"base_url\":\"https://x.test/v1\"}");
    assertEquals("sk-1", request.apiKey());
    assertEquals("https://x.test/v1", request.baseUrl());
    assertFalse(request.toString().contains("sk-1"), "the key is not printed");
    assertEquals("invalid_json", code(() -> ByokKeyRequest.parse("[1]")));
    assertEquals("invalid_json", code(() -> ByokKeyRequest.parse("{\"api_key\":")));
    assertEquals("invalid_api_key", code(() -> ByokKeyRequest.parse("{\"api_key\":42}")));
    assertEquals("invalid_base_url", code(() -> ByokKeyRequest.parse("{\"base_url\":true}")));
  }

  @Test
  void theScopeIsTheUsersUnlessItNamesTheOrganization() {
    assertFalse(ByokKeys.organizationScope(null));
    assertFalse(ByokKeys.organizationScope(""));
    assertFalse(ByokKeys.organizationScope("user"));
    assertTrue(ByokKeys.organizationScope("organization"));
    assertEquals("invalid_scope", code(() -> ByokKeys.organizationScope("org")));
    assertEquals("invalid_scope", code(() -> ByokKeys.organizationScope("ORGANIZATION")));
  }
}
