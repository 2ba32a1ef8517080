package dev.mainspring.library.service;

import dev.mainspring.agent.service.AgentService;
import dev.mainspring.conversation.service.MessageService;
import dev.mainspring.conversation.service.ThreadService;
import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.identity.service.TenantScoped;
import dev.mainspring.library.model.LibraryRepository;
import dev.mainspring.library.model.SavedItem;
import dev.mainspring.library.model.ThreadPin;
import dev.mainspring.platform.error.InvalidRequestException;
import dev.mainspring.platform.error.NotFoundException;
import dev.mainspring.platform.error.PreconditionFailedException;
import dev.mainspring.platform.service.Page;
import dev.mainspring.platform.service.PageRequest;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.UUID;

/** {@link LibraryService} on PostgreSQL. */
@Stateless
@TenantScoped
public class DefaultLibraryService implements LibraryService {

  static final String READ = "threads:read";
  static final String WRITE = "threads:write";
  private static final Set<String> KINDS =
      Set.of(SavedItem.MESSAGE, SavedItem.AGENT, SavedItem.PROMPT);

  @Inject LibraryRepository library;
  @Inject ThreadService threads;
  @Inject MessageService messages;
  @Inject AgentService agents;
  @Inject CurrentCaller currentCaller;

  @Override
  public Page<PinView> pins(PageRequest page) {
    Caller caller = currentCaller.require(READ);
    return Page.of(
        library.pins().list(caller.requireOrg(), user(caller), page.after(), page.limit()),
        pin -> new PinView(pin.getThreadId(), pin.getPinnedAt(), threads.get(pin.getThreadId())));
  }

  @Override
  public Pinned pin(UUID threadId) {
    Caller caller = currentCaller.require(WRITE);
    var thread = threads.get(threadId);
    UUID user = user(caller);
    boolean created = library.pins().pin(ThreadPin.of(caller.requireOrg(), user, threadId));
    ThreadPin pin = library.pins().find(user, threadId).orElseThrow();
    return new Pinned(new PinView(threadId, pin.getPinnedAt(), thread), created);
  }

  @Override
  public void unpin(UUID threadId) {
    Caller caller = currentCaller.require(WRITE);
    if (!library.pins().unpin(user(caller), threadId)) {
      throw new NotFoundException("pin_not_found", "this thread is not pinned");
    }
  }

  @Override
  public Page<SavedItemView> saved(String kind, PageRequest page) {
    Caller caller = currentCaller.require(READ);
    if (kind != null && !KINDS.contains(kind)) {
      throw invalidKind();
    }
    return Page.of(
        library.list(caller.requireOrg(), user(caller), kind, page.after(), page.limit()),
        DefaultLibraryService::view);
  }

  @Override
  public SavedItemView save(SaveItem item) {
    Caller caller = currentCaller.require(WRITE);
    UUID org = caller.requireOrg();
    UUID user = user(caller);
    SavedItem saved;
    try {
      saved =
          switch (item.kind() == null ? "" : item.kind()) {
            case SavedItem.MESSAGE -> {
              require(item.threadId(), "thread_id");
              require(item.messageId(), "message_id");
              messages.get(item.threadId(), item.messageId());
              yield SavedItem.message(
                  org, user, item.threadId(), item.messageId(), item.title(), item.note());
            }
            case SavedItem.AGENT -> {
              require(item.agentId(), "agent_id");
              agents.get(item.agentId());
              yield SavedItem.agent(org, user, item.agentId(), item.title(), item.note());
            }
            case SavedItem.PROMPT ->
                SavedItem.prompt(org, user, item.prompt(), item.title(), item.note());
            default -> throw invalidKind();
          };
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("validation_failed", e.getMessage());
    }
    library.add(saved);
    library.flush();
    return view(saved);
  }

  @Override
  public SavedItemView get(UUID id) {
    return view(mine(currentCaller.require(READ), id));
  }

  @Override
  public SavedItemView change(UUID id, ChangeItem change, Long expectedVersion) {
    SavedItem item = mine(currentCaller.require(WRITE), id);
    checkVersion(item, expectedVersion);
    try {
      item.change(change.title(), change.note(), change.prompt());
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("validation_failed", e.getMessage());
    }
    library.flush();
    return view(item);
  }

  @Override
  public void delete(UUID id, Long expectedVersion) {
    SavedItem item = mine(currentCaller.require(WRITE), id);
    checkVersion(item, expectedVersion);
    library.remove(item);
    library.flush();
  }

  private SavedItem mine(Caller caller, UUID id) {
    SavedItem item = library.getInOrg(id, caller.requireOrg());
    if (!item.getUserId().equals(user(caller))) {
      throw NotFoundException.of("saved_item", id);
    }
    return item;
  }

  private static void checkVersion(SavedItem item, Long expectedVersion) {
    if (expectedVersion != null && expectedVersion != item.getVersion()) {
      throw new PreconditionFailedException(
          "saved item " + item.getId() + " is at version " + item.getVersion());
    }
  }

  private static UUID user(Caller caller) {
    if (caller.userId() == null) {
      throw new InvalidRequestException(
          "user_required",
          "pins and saved items belong to a user: call with a user's token or key");
    }
    return caller.userId();
  }

  private static void require(UUID value, String name) {
    if (value == null) {
      throw new InvalidRequestException("validation_failed", name + " is required for this kind");
    }
  }

  private static InvalidRequestException invalidKind() {
    return new InvalidRequestException("invalid_kind", "kind must be message, agent or prompt");
  }

  static SavedItemView view(SavedItem s) {
    return new SavedItemView(
        s.getId(),
        s.getKind(),
        s.getThreadId(),
        s.getMessageId(),
        s.getAgentId(),
        s.getPrompt(),
        s.getTitle(),
        s.getNote(),
        s.getCreatedAt(),
        s.getUpdatedAt(),
        s.getVersion());
  }
}
