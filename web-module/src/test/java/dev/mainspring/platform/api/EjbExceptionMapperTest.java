package dev.mainspring.platform.api;

import static dev.mainspring.platform.api.ProblemResponses.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.mainspring.platform.error.NotFoundException;
import jakarta.ejb.EJBException;
import jakarta.ejb.EJBTransactionRolledbackException;
import jakarta.json.JsonObject;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.RollbackException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(WithinRequest.class)
class EjbExceptionMapperTest {

  private final EjbExceptionMapper mapper = new EjbExceptionMapper(new MapperProviders());
  private final CapturedLog log = CapturedLog.of(UnexpectedExceptionMapper.class);

  @AfterEach
  void stopCapturing() {
    log.close();
  }

  @Test
  void optimisticLockFailureInsideTheContainerAnswers409() {
    var error = new EJBException(new OptimisticLockException("version changed"));

    assertProblem(mapper.toResponse(error), 409, "concurrent_modification");
    assertEquals(List.of(), log.records(), "a 4xx is no unexpected error");
  }

  @Test
  void optimisticLockFailureAtCommitBehindARollbackAnswers409() {
    var commit = new RollbackException("commit failed", new OptimisticLockException());
    var error = new EJBTransactionRolledbackException("rolled back", commit);

    assertProblem(mapper.toResponse(error), 409, "concurrent_modification");
  }

  @Test
  void wrappedDomainErrorAnswersAsItselfWould() {
    UUID id = UUID.randomUUID();
    var error = new EJBException(NotFoundException.of("project", id));

    JsonObject json = assertProblem(mapper.toResponse(error), 404, "project_not_found");

    assertEquals("project " + id + " not found", json.getString("detail"));
  }

  @Test
  void unknownCauseAnswers500WithoutItsMessageOrStackTrace() {
    var error =
        new EJBException(new IllegalArgumentException("jdbc:postgresql://db:5432 user=mainspring"));

    String body = assertProblem(mapper.toResponse(error), 500, "internal_error").toString();

    assertFalse(body.contains("jdbc:postgresql"), body);
    assertFalse(body.contains("IllegalArgumentException"), body);
    assertFalse(body.contains("EJBException"), body);
    assertFalse(body.contains("at dev.mainspring"), body);
    assertEquals(1, log.records().size(), "the 500 is logged once");
    assertSame(error, log.records().get(0).getThrown(), "with the container's exception");
  }

  @Test
  void containerErrorWithoutCauseAnswers500() {
    assertProblem(mapper.toResponse(new EJBException("no cause")), 500, "internal_error");
  }
}
