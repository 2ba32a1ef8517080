package dev.mainspring.conversation.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mainspring.platform.error.MainspringException;
import dev.mainspring.platform.error.NotFoundException;
import dev.mainspring.platform.model.IntegrityViolation;
import dev.mainspring.platform.model.IntegrityViolation.Kind;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ThreadRepositoryTest {

  @Test
  void threadOfAProjectDeletedMeanwhileIsTheProjectsNotFound() {
    UUID project = UUID.randomUUID();
    ConversationThread thread =
        ConversationThread.start(UUID.randomUUID(), UUID.randomUUID(), project, "title");

    MainspringException answer =
        new ThreadRepository()
            .translate(
                new IntegrityViolation(Kind.MISSING_REFERENCE, "threads_project_id_fkey"), thread);

    MainspringException expected = NotFoundException.of("project", project);
    assertEquals(expected.code(), answer.code());
    assertEquals(expected.getMessage(), answer.getMessage());
    assertEquals(404, answer.status());
  }
}
