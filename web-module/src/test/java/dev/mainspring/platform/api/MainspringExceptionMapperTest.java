package dev.mainspring.platform.api;

import static dev.mainspring.platform.api.ProblemResponses.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.mainspring.platform.error.ConflictException;
import dev.mainspring.platform.error.InvalidRequestException;
import dev.mainspring.platform.error.MainspringException;
import dev.mainspring.platform.error.NotFoundException;
import dev.mainspring.platform.error.PreconditionFailedException;
import jakarta.json.JsonObject;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
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
}
