package dev.mainspring.conversation.service;

import dev.mainspring.conversation.model.ConversationThread;
import dev.mainspring.conversation.model.ThreadRepository;
import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.identity.service.TenantScoped;
import dev.mainspring.platform.service.Page;
import dev.mainspring.platform.service.PageRequest;
import dev.mainspring.project.model.ProjectRepository;
import dev.mainspring.realtime.service.WorkspaceEvents;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.util.UUID;

/** Threads of the caller's organization; any member may read and start them. */
@Stateless
@TenantScoped
public class DefaultThreadService implements ThreadService {

  static final String READ = "threads:read";
  static final String WRITE = "threads:write";

  @Inject ThreadRepository threads;
  @Inject ProjectRepository projects;
  @Inject CurrentCaller currentCaller;
  @Inject WorkspaceEvents workspace;

  @Override
  public ThreadView create(CreateThread request) {
    return create(request, null);
  }

  @Override
  public ThreadView create(CreateThread request, UUID knowledgeBaseId) {
    Caller caller = currentCaller.require(WRITE);
    UUID org = caller.requireOrg();
    if (request.projectId() != null) {
      projects.getInOrg(request.projectId(), org);
    }
    ConversationThread thread =
        ConversationThread.start(org, caller.userId(), request.projectId(), request.title());
    thread.scopeToKnowledgeBase(knowledgeBaseId);
    threads.add(thread);
    threads.flush();
    JsonObjectBuilder data =
        Json.createObjectBuilder()
            .add("thread_id", thread.getId().toString())
            .add("title", thread.getTitle() == null ? "" : thread.getTitle());
    if (thread.getProjectId() != null) {
      data.add("project_id", thread.getProjectId().toString());
    }
    workspace.append(org, "thread.created", data.build());
    return ThreadView.of(thread);
  }

  @Override
  public void scopeToKnowledgeBase(UUID id, UUID knowledgeBaseId) {
    ConversationThread thread = threads.getInOrg(id, currentCaller.require(WRITE).requireOrg());
    thread.scopeToKnowledgeBase(knowledgeBaseId);
    threads.save(thread);
  }

  @Override
  public ThreadView get(UUID id) {
    return ThreadView.of(threads.getInOrg(id, currentCaller.require(READ).requireOrg()));
  }

  @Override
  public Page<ThreadView> list(UUID projectId, PageRequest page) {
    UUID org = currentCaller.require(READ).requireOrg();
    if (projectId != null) {
      projects.getInOrg(projectId, org);
    }
    return Page.of(threads.list(org, projectId, page.after(), page.limit()), ThreadView::of);
  }
}
