package dev.mainspring.platform.api;

import static dev.mainspring.platform.api.ProblemResponses.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(WithinRequest.class)
class UnexpectedExceptionMapperTest {

  private final UnexpectedExceptionMapper mapper = new UnexpectedExceptionMapper();
  private final CapturedLog log = CapturedLog.of(UnexpectedExceptionMapper.class);

  @AfterEach
  void stopCapturing() {
    log.close();
  }

  @Test
  void anyUnclaimedErrorAnswers500WithTheRequestId() {
    JsonObject json =
        assertProblem(mapper.toResponse(new IllegalStateException("boom")), 500, "internal_error");

    assertEquals(WithinRequest.REQUEST_ID, json.getString("request_id"));
    assertEquals("Internal Server Error", json.getString("title"));
  }

  @Test
  void bodySaysNothingAboutTheCause() {
    var error = new IllegalStateException("password=hunter2 in /etc/mainspring");

    String body = assertProblem(mapper.toResponse(error), 500, "internal_error").toString();

    assertFalse(body.contains("hunter2"), body);
    assertFalse(body.contains("IllegalStateException"), body);
    assertFalse(body.contains("UnexpectedExceptionMapperTest"), body);
  }

  @Test
  void logLineCarriesTheRequestIdAndTheStackTrace() {
    var error = new IllegalStateException("boom");

    mapper.toResponse(error);

    assertEquals(1, log.records().size());
    LogRecord record = log.records().get(0);
    assertEquals(Level.SEVERE, record.getLevel());
    assertTrue(record.getMessage().contains(WithinRequest.REQUEST_ID), record.getMessage());
    assertSame(error, record.getThrown());
  }
}
