package dev.mainspring.conversation.service;

import jakarta.validation.constraints.Size;
import java.util.UUID;

/**
 * The request to start a thread, in a project when {@code projectId} is given, its knowledge
 * searches scoped to one knowledge base when {@code knowledgeBaseId} is (a knowledge playground
 * session's thread).
 */
public record CreateThread(UUID projectId, @Size(max = 200) String title, UUID knowledgeBaseId) {

  /** A thread that searches every bound knowledge base. */
  public CreateThread(UUID projectId, String title) {
    this(projectId, title, null);
  }
}
