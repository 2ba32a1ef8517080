package dev.mainspring.conversation.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.platform.api.JsonConfig;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ThreadResponseTest {

  @Test
  void threadWithoutProjectWritesProjectIdAsNull() {
    String json =
        JsonConfig.create()
            .toJson(
                new ThreadResponse(UUID.randomUUID(), null, null, Instant.EPOCH, Instant.EPOCH));
    assertTrue(json.contains("\"project_id\":null"), json);
    assertTrue(json.contains("\"title\":null"), json);
  }
}
