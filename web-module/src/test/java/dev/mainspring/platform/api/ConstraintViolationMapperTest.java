package dev.mainspring.platform.api;

import static dev.mainspring.platform.api.ProblemResponses.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mainspring.project.api.ProjectResource;
import dev.mainspring.project.service.CreateProject;
import jakarta.json.JsonObject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.hibernate.validator.HibernateValidator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Violations come from a real Validator validating method parameters, as the JAX-RS runtime does
 * before it calls a resource method, so their paths have the shape the server produces.
 */
@ExtendWith(WithinRequest.class)
class ConstraintViolationMapperTest {

  private final ValidatorFactory factory =
      Validation.byProvider(HibernateValidator.class)
          .configure()
          .defaultLocale(Locale.ENGLISH)
          .buildValidatorFactory();
  private final Validator validator = factory.getValidator();
  private final ConstraintViolationMapper mapper = new ConstraintViolationMapper();

  @AfterEach
  void closeFactory() {
    factory.close();
  }

  /** Resource-shaped methods with the constraints the real resources do not have yet. */
  static class Fixture {

    record Item(@NotBlank String label) {}

    record Batch(@NotNull @Valid List<Item> items) {}

    record Tagged(List<@NotBlank String> tags) {}

    public void list(@NotNull UUID projectId, @Max(100) int limit) {}

    public void createBatch(@NotNull @Valid Batch body) {}

    public void tag(@NotNull @Valid Tagged body) {}
  }

  @Test
  void invalidFieldOfTheBodyIsNamedBodyDotField() throws Exception {
    Method create = ProjectResource.class.getMethod("create", CreateProject.class, UriInfo.class);
    var violations =
        validator
            .forExecutables()
            .validateParameters(
                new ProjectResource(), create, new Object[] {new CreateProject(" ", null), null});

    JsonObject json =
        assertProblem(mapper.toResponse(failure(violations)), 400, "validation_failed");

    JsonObject error = json.getJsonArray("errors").getJsonObject(0);
    assertEquals("body.name", error.getString("field"));
    assertEquals("must not be blank", error.getString("message"));
    assertEquals("body.name must not be blank", json.getString("detail"));
  }

  @Test
  void missingBodyIsNamedBody() throws Exception {
    Method create = ProjectResource.class.getMethod("create", CreateProject.class, UriInfo.class);
    var violations =
        validator
            .forExecutables()
            .validateParameters(new ProjectResource(), create, new Object[] {null, null});

    JsonObject json =
        assertProblem(mapper.toResponse(failure(violations)), 400, "validation_failed");

    assertEquals("body", json.getJsonArray("errors").getJsonObject(0).getString("field"));
  }

  @Test
  void camelCaseParameterIsNamedInSnakeCaseAsOnTheWire() throws Exception {
    var violations = validateList(null, 20);

    JsonObject json =
        assertProblem(mapper.toResponse(failure(violations)), 400, "validation_failed");

    assertEquals("project_id", json.getJsonArray("errors").getJsonObject(0).getString("field"));
  }

  @Test
  void severalInvalidFieldsAreListedSortedByName() throws Exception {
    var violations = validateList(null, 500);

    JsonObject json =
        assertProblem(mapper.toResponse(failure(violations)), 400, "validation_failed");

    var errors = json.getJsonArray("errors");
    assertEquals(2, errors.size());
    assertEquals("limit", errors.getJsonObject(0).getString("field"));
    assertEquals("must be less than or equal to 100", errors.getJsonObject(0).getString("message"));
    assertEquals("project_id", errors.getJsonObject(1).getString("field"));
    assertEquals("2 fields are invalid", json.getString("detail"));
  }

  @Test
  void invalidElementOfAListIsNamedWithItsIndex() throws Exception {
    Method createBatch = Fixture.class.getMethod("createBatch", Fixture.Batch.class);
    var body = new Fixture.Batch(List.of(new Fixture.Item("ok"), new Fixture.Item("")));
    var violations =
        validator
            .forExecutables()
            .validateParameters(new Fixture(), createBatch, new Object[] {body});

    JsonObject json =
        assertProblem(mapper.toResponse(failure(violations)), 400, "validation_failed");

    assertEquals(
        "body.items[1].label", json.getJsonArray("errors").getJsonObject(0).getString("field"));
  }

  @Test
  void invalidValueInAListIsNamedByTheListAndItsIndex() throws Exception {
    Method tag = Fixture.class.getMethod("tag", Fixture.Tagged.class);
    var body = new Fixture.Tagged(List.of("urgent", " "));
    var violations =
        validator.forExecutables().validateParameters(new Fixture(), tag, new Object[] {body});

    JsonObject json =
        assertProblem(mapper.toResponse(failure(violations)), 400, "validation_failed");

    assertEquals("body.tags[1]", json.getJsonArray("errors").getJsonObject(0).getString("field"));
  }

  private Set<ConstraintViolation<Fixture>> validateList(UUID projectId, int limit)
      throws NoSuchMethodException {
    Method list = Fixture.class.getMethod("list", UUID.class, int.class);
    return validator
        .forExecutables()
        .validateParameters(new Fixture(), list, new Object[] {projectId, limit});
  }

  private static ConstraintViolationException failure(Set<? extends ConstraintViolation<?>> v) {
    if (v.isEmpty()) {
      throw new AssertionError("expected the arguments to violate a constraint");
    }
    return new ConstraintViolationException(v);
  }
}
