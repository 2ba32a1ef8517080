package dev.mainspring.platform.api;

import static dev.mainspring.platform.api.ProblemResponses.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.ProcessingException;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(WithinRequest.class)
class MalformedJsonMapperTest {

  private final MalformedJsonMapper mapper = new MalformedJsonMapper();

  @Test
  void bodyThatJsonBindingCannotReadAnswers400MalformedJson() {
    var error = new ProcessingException("Error deserializing", new JsonbException("Unexpected }"));

    JsonObject json = assertProblem(mapper.toResponse(error), 400, "malformed_json");

    assertEquals("the request body is not valid JSON for this endpoint", json.getString("detail"));
  }

  @Test
  void jsonProcessingErrorFurtherDownTheCausesAnswersMalformedJson() {
    var error =
        new ProcessingException(
            "Error reading entity", new IOException("stream", new JsonException("bad token")));

    assertProblem(mapper.toResponse(error), 400, "malformed_json");
  }

  @Test
  void parserMessageIsNotEchoedToTheClient() {
    var error = new ProcessingException(new JsonbException("Unable to deserialize Secret.class"));

    String body = assertProblem(mapper.toResponse(error), 400, "malformed_json").toString();

    assertFalse(body.contains("Secret"), body);
  }

  @Test
  void bodyOverTheSizeLimitWhileReadingAnswers413() {
    var error = new ProcessingException("Error reading entity", new PayloadTooLargeException(1024));

    assertProblem(mapper.toResponse(error), 413, "payload_too_large");
  }

  @Test
  void processingErrorWithoutJsonCauseIsAnInternalError() {
    var error = new ProcessingException("writer failed", new IOException("broken pipe"));

    try (CapturedLog log = CapturedLog.of(UnexpectedExceptionMapper.class)) {
      assertProblem(mapper.toResponse(error), 500, "internal_error");

      assertSame(error, log.records().get(0).getThrown());
    }
  }
}
