package dev.mainspring.platform.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GzipJsonInterceptorTest {

  @Test
  void plainJsonIsJson() {
    assertTrue(GzipJsonInterceptor.isJson(MediaType.APPLICATION_JSON_TYPE));
  }

  @Test
  void jsonWithCharsetIsJson() {
    assertTrue(
        GzipJsonInterceptor.isJson(
            new MediaType("application", "json", Map.of("charset", "utf-8"))));
  }

  @Test
  void structuredJsonSuffixIsJson() {
    assertTrue(GzipJsonInterceptor.isJson(new MediaType("application", "problem+json")));
    assertTrue(GzipJsonInterceptor.isJson(new MediaType("application", "merge-patch+json")));
  }

  @Test
  void eventStreamIsNeverTouched() {
    assertFalse(GzipJsonInterceptor.isJson(MediaType.SERVER_SENT_EVENTS_TYPE));
  }

  @Test
  void otherTypesAreNotJson() {
    assertFalse(GzipJsonInterceptor.isJson(MediaType.TEXT_PLAIN_TYPE));
    assertFalse(GzipJsonInterceptor.isJson(MediaType.APPLICATION_OCTET_STREAM_TYPE));
    assertFalse(GzipJsonInterceptor.isJson(new MediaType("application", "jsonl")));
  }

  @Test
  void missingTypeIsNotJson() {
    assertFalse(GzipJsonInterceptor.isJson(null));
  }
}
