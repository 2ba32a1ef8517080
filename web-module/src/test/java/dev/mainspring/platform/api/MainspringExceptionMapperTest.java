package dev.mainspring.platform.api;

import static dev.mainspring.platform.api.ProblemResponses.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.platform.error.ConflictException;
import dev.mainspring.platform.error.InvalidRequestException;
import dev.mainspring.platform.error.MainspringException;
import dev.mainspring.platform.error.NotFoundException;
import dev.mainspring.platform.error.PreconditionFailedException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(WithinRequest.class)
class MainspringExceptionMapperTest {

  private final MainspringExceptionMapper mapper = new MainspringExceptionMapper();

  static Stream<Arguments> domainErrors() {
    return Stream.of(
        Arguments.of(new InvalidRequestException("invalid_limit", "limit"), 400, "Bad Request"),
        Arguments.of(NotFoundException.of("project", UUID.randomUUID()), 404, "Not Found"),
        Arguments.of(new ConflictException("duplicate_name", "taken"), 409, "Conflict"),
        Arguments.of(new PreconditionFailedException("stale"), 412, "Precondition Failed"),
        Arguments.of(new PayloadTooLargeException(10), 413, "Content Too Large"));
  }

  @ParameterizedTest(name = "{0} answers {1}")
  @MethodSource("domainErrors")
  void eachDomainErrorAnswersWithItsOwnStatusTitleAndCode(
      MainspringException error, int status, String title) {
    JsonObject json = assertProblem(mapper.toResponse(error), status, error.code());

    assertEquals(title, json.getString("title"));
    assertEquals(error.getMessage(), json.getString("detail"));
  }

  @Test
  void notFoundNamesTheKindInItsCodeAndTheIdInItsDetail() {
    UUID id = UUID.randomUUID();

    JsonObject json =
        assertProblem(
            mapper.toResponse(NotFoundException.of("project", id)), 404, "project_not_found");

    assertEquals("project " + id + " not found", json.getString("detail"));
  }

  @Test
  void problemWithoutFieldErrorsHasNoErrorsMember() {
    Response response = mapper.toResponse(new ConflictException("duplicate_name", "taken"));

    assertFalse(ProblemResponses.json(response).containsKey("errors"));
  }

  @Test
  void clientErrorsAreLoggedAtFineAndServerErrorsAtSevereWithTheRequestId() {
    try (CapturedLog log = CapturedLog.of(MainspringExceptionMapper.class)) {
      mapper.toResponse(new ConflictException("duplicate_name", "taken"));
      mapper.toResponse(new ServerSide());

      assertEquals(Level.FINE, log.records().get(0).getLevel());
      LogRecord severe = log.records().get(1);
      assertEquals(Level.SEVERE, severe.getLevel());
      assertTrue(severe.getMessage().contains(WithinRequest.REQUEST_ID), severe.getMessage());
      assertTrue(severe.getThrown() instanceof ServerSide);
    }
  }

  @Test
  void serverErrorBodyCarriesTheMessageButNotWhatOnlyTheLogMayShow() {
    String body =
        assertProblem(mapper.toResponse(new ServerSide()), 502, "upstream_error").toString();

    assertTrue(body.contains("the provider failed"), body);
    assertFalse(body.contains("10.0.0.9"), body);
    assertFalse(body.contains("Exception"), body);
  }

  @Test
  void membersOfTheErrorStandAtTheTopLevelOfTheProblem() {
    Response response = mapper.toResponse(new WithMembers());

    assertEquals(403, response.getStatus());
    assertEquals(Problem.MEDIA_TYPE, response.getMediaType().toString());
    JsonObject json =
        Json.createReader(new StringReader((String) response.getEntity())).readObject();
    assertEquals("model_not_allowed", json.getString("code"));
    assertEquals("urn:mainspring:problem:model_not_allowed", json.getString("type"));
    assertEquals(WithinRequest.REQUEST_ID, json.getString("request_id"));
    assertEquals(
        List.of("a", "b"), json.getJsonArray("allowed_models").getValuesAs(JsonString::getString));
  }

  @Test
  void singleValuedDetailsStandAtTheTopLevelAsStrings() {
    Response response =
        mapper.toResponse(
            new InvalidRequestException("quota_exceeded", "used up") {
              private static final long serialVersionUID = 1L;

              @Override
              public Map<String, String> details() {
                return Map.of("resets_at", "2027-01-01T00:00:00Z");
              }
            });

    JsonObject json =
        Json.createReader(new StringReader((String) response.getEntity())).readObject();
    assertEquals("quota_exceeded", json.getString("code"));
    assertEquals("2027-01-01T00:00:00Z", json.getString("resets_at"));
  }

  /** A 403 that tells the client what it may use instead. */
  private static final class WithMembers extends MainspringException {
    private static final long serialVersionUID = 1L;

    WithMembers() {
      super("model_not_allowed", "not this model");
    }

    @Override
    public int status() {
      return 403;
    }

    @Override
    public String title() {
      return "Forbidden";
    }

    @Override
    public Map<String, List<String>> members() {
      return Map.of("allowed_models", List.of("a", "b"));
    }
  }

  /** A 5xx domain error whose string form, as an upstream failure's does, names an address. */
  private static final class ServerSide extends MainspringException {
    private static final long serialVersionUID = 1L;

    ServerSide() {
      super("upstream_error", "the provider failed");
    }

    @Override
    public int status() {
      return 502;
    }

    @Override
    public String title() {
      return "Bad Gateway";
    }

    @Override
    public String toString() {
      return "ServerSide: the provider failed (http://10.0.0.9:8000/v1: java.net.SocketException)";
    }
  }
}
