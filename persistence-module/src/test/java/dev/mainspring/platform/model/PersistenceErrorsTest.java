package dev.mainspring.platform.model;

import static dev.mainspring.platform.model.PostgresErrors.flushFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mainspring.platform.error.ConflictException;
import dev.mainspring.platform.error.MainspringException;
import dev.mainspring.platform.error.NotFoundException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import java.lang.reflect.Proxy;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PersistenceErrorsTest {

  private static final Function<IntegrityViolation, MainspringException> NO_RULES = v -> null;

  @Test
  void namedConstraintGetsTheRepositorysAnswer() {
    ConflictException emailTaken = new ConflictException("email_taken", "taken");

    RuntimeException answer =
        PersistenceErrors.translate(
            flushFailure("23505", "users_email_idx"),
            "user",
            false,
            v -> v.is(IntegrityViolation.Kind.DUPLICATE, "users_email_idx") ? emailTaken : null);

    assertSame(emailTaken, answer);
  }

  @Test
  void unnamedDuplicateIsAGenericConflict() {
    RuntimeException answer =
        PersistenceErrors.translate(
            flushFailure("23505", "some_other_key"), "api_key", false, NO_RULES);

    assertProblem(answer, ConflictException.class, "already_exists");
  }

  @Test
  void unnamedMissingReferenceIsNotFound() {
    RuntimeException answer =
        PersistenceErrors.translate(flushFailure("23503", "some_fkey"), "project", false, NO_RULES);

    assertProblem(answer, NotFoundException.class, "reference_not_found");
  }

  @Test
  void removingARowOthersReferToIsKindInUse() {
    RuntimeException answer =
        PersistenceErrors.translate(flushFailure("23503", "some_fkey"), "provider", true, NO_RULES);

    assertProblem(answer, ConflictException.class, "provider_in_use");
  }

  @Test
  void lostOptimisticLockIsConcurrentModification() {
    RuntimeException answer =
        PersistenceErrors.translate(
            new OptimisticLockException("stale"), "project", false, NO_RULES);

    assertProblem(answer, ConflictException.class, "concurrent_modification");
  }

  @Test
  void anythingElseStaysAsItWas() {
    PersistenceException other = flushFailure("57014", null);

    assertSame(other, PersistenceErrors.translate(other, "project", false, NO_RULES));
  }

  @Test
  void flushThrowsTheTranslation() {
    EntityManager failing = entityManagerWhoseFlushThrows(flushFailure("23505", "x_key"));

    MainspringException thrown =
        assertThrows(
            MainspringException.class,
            () -> PersistenceErrors.flush(failing, "organization", false, NO_RULES));

    assertEquals("already_exists", thrown.code());
  }

  @Test
  void genericAnswersNameNoDatabaseDetail() {
    for (IntegrityViolation.Kind kind : IntegrityViolation.Kind.values()) {
      MainspringException answer =
          PersistenceErrors.generic(new IntegrityViolation(kind, "users_email_idx"), "api_key");
      String message = answer.getMessage();
      assertEquals(false, message.contains("users_email_idx"), message);
      assertEquals(false, message.contains("_"), message);
    }
  }

  private static void assertProblem(
      RuntimeException answer, Class<? extends MainspringException> type, String code) {
    assertEquals(type, answer.getClass(), String.valueOf(answer));
    assertEquals(code, ((MainspringException) answer).code());
  }

  /** An EntityManager (the JPA provider's, not ours) whose flush fails with {@code failure}. */
  private static EntityManager entityManagerWhoseFlushThrows(RuntimeException failure) {
    return (EntityManager)
        Proxy.newProxyInstance(
            EntityManager.class.getClassLoader(),
            new Class<?>[] {EntityManager.class},
            (proxy, method, args) -> {
              if (method.getName().equals("flush")) {
                throw failure;
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }
}
