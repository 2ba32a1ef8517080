package dev.mainspring.platform.api;

import static dev.mainspring.platform.api.ProblemResponses.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.platform.error.InvalidRequestException;
import jakarta.json.JsonObject;
import jakarta.json.bind.JsonbException;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(WithinRequest.class)
class WebApplicationExceptionMapperTest {

  private final WebApplicationExceptionMapper mapper = new WebApplicationExceptionMapper();

  @Test
  void unknownPathAnswers404NotFound() {
    JsonObject json = assertProblem(mapper.toResponse(new NotFoundException()), 404, "not_found");

    assertEquals("no resource at this path", json.getString("detail"));
  }

  @Test
  void methodNotAllowedKeepsTheAllowHeader() {
    var error = new NotAllowedException(Response.status(405).allow("GET", "POST").build());

    Response response = mapper.toResponse(error);

    assertProblem(response, 405, "method_not_allowed");
    String allow = response.getHeaderString("Allow");
    assertNotNull(allow, "Allow header");
    assertTrue(allow.contains("GET") && allow.contains("POST"), allow);
  }

  @Test
  void unsupportedMediaTypeAnswers415AsProblemJsonNotAsTheOriginalType() {
    var error =
        new NotSupportedException(
            Response.status(415).type(MediaType.TEXT_HTML_TYPE).entity("<h1>415</h1>").build());

    Response response = mapper.toResponse(error);

    JsonObject json = assertProblem(response, 415, "unsupported_media_type");
    assertEquals(
        "this content type is not accepted here; send application/json", json.getString("detail"));
    assertEquals(1, response.getHeaders().get("Content-Type").size());
  }

  @Test
  void notAcceptableAnswers406() {
    assertProblem(mapper.toResponse(new NotAcceptableException()), 406, "not_acceptable");
  }

  @Test
  void badRequestCausedByJsonBindingAnswersMalformedJson() {
    var error = new BadRequestException(new JsonbException("Unexpected char 125 at (line 1)"));

    JsonObject json = assertProblem(mapper.toResponse(error), 400, "malformed_json");

    assertEquals("Bad Request", json.getString("title"));
    assertEquals("the request body is not valid JSON for this endpoint", json.getString("detail"));
  }

  @Test
  void badRequestCausedDeepDownByJsonParsingAnswersMalformedJson() {
    var parsing = new JsonParsingException("Unexpected EOF", null);
    var error = new BadRequestException(new IllegalStateException("reader failed", parsing));

    assertProblem(mapper.toResponse(error), 400, "malformed_json");
  }

  @Test
  void badRequestCausedByDomainErrorAnswersWithTheDomainCode() {
    var error = new BadRequestException(new InvalidRequestException("invalid_limit", "too big"));

    JsonObject json = assertProblem(mapper.toResponse(error), 400, "invalid_limit");

    assertEquals("too big", json.getString("detail"));
  }

  @Test
  void otherBadRequestAnswersBadRequestWithItsMessage() {
    var error = new BadRequestException("query parameter since is not a date");

    JsonObject json = assertProblem(mapper.toResponse(error), 400, "bad_request");

    assertEquals("query parameter since is not a date", json.getString("detail"));
  }

  @Test
  void jsonErrorBehindAnotherStatusKeepsThatStatus() {
    var error = new WebApplicationException(new JsonbException("cannot write"), 500);

    assertProblem(mapper.toResponse(error), 500, "internal_server_error");
  }

  @Test
  void headersOfTheOriginalResponseAreKeptExceptItsContentLength() {
    var error =
        new WebApplicationException(
            Response.status(503).header("Retry-After", "30").header("Content-Length", "7").build());

    Response response = mapper.toResponse(error);

    assertProblem(response, 503, "service_unavailable");
    assertEquals("30", response.getHeaderString("Retry-After"));
    assertNull(response.getHeaderString("Content-Length"));
  }

  @Test
  void serverErrorsAreLoggedAtSevereAndClientErrorsAtFine() {
    try (CapturedLog log = CapturedLog.of(WebApplicationExceptionMapper.class)) {
      mapper.toResponse(new NotFoundException());
      mapper.toResponse(new WebApplicationException(503));

      assertEquals(java.util.logging.Level.FINE, log.records().get(0).getLevel());
      assertEquals(java.util.logging.Level.SEVERE, log.records().get(1).getLevel());
      assertTrue(
          log.records().get(1).getMessage().contains(WithinRequest.REQUEST_ID),
          log.records().get(1).getMessage());
    }
  }
}
