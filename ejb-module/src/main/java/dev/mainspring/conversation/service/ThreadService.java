package dev.mainspring.conversation.service;

import dev.mainspring.platform.service.Page;
import dev.mainspring.platform.service.PageRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.UUID;

/** Threads. */
public interface ThreadService {

  /** Starts a thread; 404 {@code project_not_found} when the named project does not exist. */
  ThreadView create(@NotNull @Valid CreateThread request);

  /**
   * As {@link #create}, the thread's knowledge searches scoped to one knowledge base when {@code
   * knowledgeBaseId} is given (a knowledge playground session's thread).
   */
  ThreadView create(@NotNull @Valid CreateThread request, UUID knowledgeBaseId);

  ThreadView get(@NotNull UUID id);

  /** Scopes the thread's knowledge searches to one knowledge base, or to every bound one (null). */
  void scopeToKnowledgeBase(@NotNull UUID id, UUID knowledgeBaseId);

  /** Threads newest first, of one project when {@code projectId} is given. */
  Page<ThreadView> list(UUID projectId, @NotNull PageRequest page);
}
