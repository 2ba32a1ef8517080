package dev.mainspring.platform.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CorsFilterTest {

  @Test
  void noOriginIsAllowedWhenNoneIsConfigured() {
    assertFalse(new CorsFilter(List.of()).isAllowed("https://app.example.com"));
  }

  @Test
  void listedOriginIsAllowedIgnoringCaseAndConfigWhitespace() {
    var cors = new CorsFilter(List.of("https://admin.example.com", " https://app.example.com "));

    assertTrue(cors.isAllowed("https://app.example.com"));
    assertTrue(cors.isAllowed("HTTPS://APP.EXAMPLE.COM"));
  }

  @Test
  void unlistedOriginIsNotAllowed() {
    var cors = new CorsFilter(List.of("https://app.example.com"));

    assertFalse(cors.isAllowed("https://evil.example.com"));
    assertFalse(cors.isAllowed("https://app.example.com.evil.net"));
  }

  @Test
  void starAllowsAnyOrigin() {
    assertTrue(new CorsFilter(List.of("*")).isAllowed("https://anything.example.org"));
  }

  @Test
  void requestWithoutOriginIsNeverCrossOrigin() {
    assertFalse(new CorsFilter(List.of("*")).isAllowed(null));
  }
}
