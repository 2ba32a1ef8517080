package dev.mainspring.conversation.service;

import dev.mainspring.conversation.model.ConversationThread;
import dev.mainspring.conversation.model.ThreadRepository;
import dev.mainspring.platform.service.Page;
import dev.mainspring.platform.service.PageRequest;
import dev.mainspring.project.model.ProjectRepository;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.util.UUID;

@Stateless
public class DefaultThreadService implements ThreadService {

  @Inject ThreadRepository threads;
  @Inject ProjectRepository projects;

  @Override
  public ThreadView create(CreateThread request) {
    if (request.projectId() != null) {
      projects.get(request.projectId());
    }
    ConversationThread thread = ConversationThread.start(request.projectId(), request.title());
    threads.add(thread);
    threads.flush();
    return ThreadView.of(thread);
  }

  @Override
  public ThreadView get(UUID id) {
    return ThreadView.of(threads.get(id));
  }

  @Override
  public Page<ThreadView> list(UUID projectId, PageRequest page) {
    if (projectId != null) {
      projects.get(projectId);
    }
    return Page.of(threads.list(projectId, page.after(), page.limit()), ThreadView::of);
  }
}
