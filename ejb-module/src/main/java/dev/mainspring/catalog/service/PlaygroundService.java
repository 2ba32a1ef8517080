package dev.mainspring.catalog.service;

import dev.mainspring.catalog.model.PlaygroundSession;
import dev.mainspring.catalog.model.PlaygroundSessionRepository;
import dev.mainspring.conversation.model.ThreadRepository;
import dev.mainspring.conversation.service.CreateThread;
import dev.mainspring.conversation.service.MessageService;
import dev.mainspring.conversation.service.ThreadService;
import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.identity.service.TenantScoped;
import dev.mainspring.inference.service.gateway.Gateway;
import dev.mainspring.knowledge.model.KnowledgeBaseRepository;
import dev.mainspring.knowledge.service.KnowledgeSearch;
import dev.mainspring.platform.error.ConflictException;
import dev.mainspring.platform.error.InvalidRequestException;
import dev.mainspring.platform.error.NotFoundException;
import dev.mainspring.platform.error.PreconditionFailedException;
import dev.mainspring.platform.service.Jsons;
import dev.mainspring.platform.service.Page;
import dev.mainspring.platform.service.PageRequest;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.UUID;

/**
 * Document C's playground sessions: {@code chat} and {@code knowledge} sessions of one model, each
 * a thread of the user's with the session's settings. A session belongs to the user who made it;
 * nobody else sees it (another user's, or another organization's, answers 404).
 *
 * <p>Settings: {@code assistant_ref} a catalog agent the organization may run (null: the
 * organization's default agent; a knowledge session defaults to {@code agent.knowledge_chat}),
 * {@code model_selection} {@code {"model_id"}} a model the runtime allows the user, and for
 * knowledge sessions {@code knowledge_binding} {@code {"knowledge_base_id"}} a knowledge base bound
 * to the active deployment, which then is the only one the session's searches look in.
 */
@Stateless
@TenantScoped
public class PlaygroundService {

  static final String READ = "threads:read";
  static final String WRITE = "threads:write";
  static final String KNOWLEDGE_AGENT = "agent.knowledge_chat";
  static final String DEFAULT_TITLE = "New session";

  @Inject PlaygroundSessionRepository sessions;
  @Inject ThreadService threads;
  @Inject ThreadRepository threadRows;
  @Inject MessageService messages;
  @Inject CurrentCaller currentCaller;
  @Inject CatalogService catalog;
  @Inject KnowledgeSearch knowledge;
  @Inject KnowledgeBaseRepository knowledgeBases;
  @Inject Gateway gateway;

  /** A new session and its thread. */
  public PlaygroundSessionView create(JsonObject body) {
    Caller caller = currentCaller.require(WRITE);
    UUID org = caller.requireOrg();
    String kind = CatalogSpecs.string(body, "playground_kind", 16, true);
    if (!PlaygroundSession.CHAT.equals(kind) && !PlaygroundSession.KNOWLEDGE.equals(kind)) {
      throw new InvalidRequestException(
          "invalid_playground_kind", "playground_kind is chat or knowledge");
    }
    String title = CatalogSpecs.string(body, "title", PlaygroundSession.TITLE_MAX, false);
    String assistant = CatalogSpecs.string(body, "assistant_ref", 200, false);
    if (assistant == null && PlaygroundSession.KNOWLEDGE.equals(kind)) {
      assistant = KNOWLEDGE_AGENT;
    }
    checkAssistant(org, assistant);
    JsonObject model = modelSelection(caller, body);
    UUID knowledgeBase = knowledgeBinding(kind, body);
    var thread =
        threads.create(
            new CreateThread(null, title == null ? DEFAULT_TITLE : title), knowledgeBase);
    PlaygroundSession session =
        new PlaygroundSession(
            thread.id(),
            org,
            caller.userId(),
            kind,
            title == null ? DEFAULT_TITLE : title,
            assistant,
            model == null ? null : model.toString(),
            binding(knowledgeBase));
    sessions.add(session);
    return PlaygroundSessionView.of(session, List.of());
  }

  /** The user's sessions, newest first, of one kind when {@code kind} is given. */
  public Page<PlaygroundSessionView> list(String kind, PageRequest page) {
    Caller caller = currentCaller.require(READ);
    if (kind != null
        && !PlaygroundSession.CHAT.equals(kind)
        && !PlaygroundSession.KNOWLEDGE.equals(kind)) {
      throw new InvalidRequestException(
          "invalid_playground_kind", "playground_kind is chat or knowledge");
    }
    return Page.of(
        sessions.list(caller.requireOrg(), caller.userId(), kind, page.after(), page.limit()),
        s -> PlaygroundSessionView.of(s, null));
  }

  /** The session with its persisted messages, oldest first. */
  public PlaygroundSessionView get(UUID id) {
    Caller caller = currentCaller.require(READ);
    PlaygroundSession session = own(caller, id);
    return PlaygroundSessionView.of(session, history(caller, session));
  }

  /**
   * Changes what {@code body} names ({@code title}, {@code assistant_ref}, {@code model_selection},
   * {@code knowledge_binding}); the kind stays. 412 when {@code expectedVersion} is not current.
   */
  public PlaygroundSessionView update(UUID id, JsonObject body, Long expectedVersion) {
    Caller caller = currentCaller.require(WRITE);
    PlaygroundSession session = own(caller, id);
    if (expectedVersion != null && expectedVersion != session.getVersion()) {
      throw new PreconditionFailedException(
          "playground session " + id + " is at version " + session.getVersion());
    }
    if (body.containsKey("playground_kind")
        && !session.getKind().equals(CatalogSpecs.string(body, "playground_kind", 16, false))) {
      throw new InvalidRequestException(
          "playground_kind_immutable", "a session's playground_kind does not change");
    }
    String title =
        body.containsKey("title")
            ? CatalogSpecs.string(body, "title", PlaygroundSession.TITLE_MAX, true)
            : session.getTitle();
    String assistant = session.getAssistantRef();
    if (body.containsKey("assistant_ref")) {
      assistant = CatalogSpecs.string(body, "assistant_ref", 200, false);
      checkAssistant(caller.requireOrg(), assistant);
    }
    String model = session.getModelSelection();
    if (body.containsKey("model_selection")) {
      JsonObject selected = modelSelection(caller, body);
      model = selected == null ? null : selected.toString();
    }
    String binding = session.getKnowledgeBinding();
    if (body.containsKey("knowledge_binding")) {
      UUID knowledgeBase = knowledgeBinding(session.getKind(), body);
      binding = binding(knowledgeBase);
      threads.scopeToKnowledgeBase(session.getId(), knowledgeBase);
    }
    session.change(title, assistant, model, binding);
    sessions.save(session);
    return PlaygroundSessionView.of(session, history(caller, session));
  }

  /** Deletes the session with its thread, messages and runs. */
  public void delete(UUID id) {
    Caller caller = currentCaller.require(WRITE);
    PlaygroundSession session = own(caller, id);
    threadRows.remove(threadRows.getInOrg(session.getId(), caller.requireOrg()));
  }

  /** What a message to the session runs. */
  public record Target(
      UUID threadId, String kind, String assistantRef, String model, UUID knowledgeBaseId) {}

  /**
   * What a new message of the session runs; 409 {@code knowledge_unavailable} for a knowledge
   * session while no knowledge base it could search is bound to the active deployment.
   */
  public Target target(UUID id) {
    Caller caller = currentCaller.require(WRITE);
    PlaygroundSession session = own(caller, id);
    UUID knowledgeBase = knowledgeBaseOf(session.getKnowledgeBinding());
    if (PlaygroundSession.KNOWLEDGE.equals(session.getKind())) {
      List<UUID> bound = knowledge.boundKnowledgeBases();
      if (bound.isEmpty() || (knowledgeBase != null && !bound.contains(knowledgeBase))) {
        throw new ConflictException(
            "knowledge_unavailable",
            knowledgeBase == null
                ? "no knowledge base is bound to the active deployment, so a knowledge session"
                    + " has nothing to answer from; bind one (vector_store) first"
                : "the session's knowledge base is no longer bound to the active deployment, or"
                    + " not active and ready");
      }
    }
    session.touch();
    sessions.save(session);
    String model = null;
    if (session.getModelSelection() != null
        && Jsons.reader(session.getModelSelection()).readObject().get("model_id")
            instanceof JsonString s) {
      model = s.getString();
    }
    return new Target(
        session.getId(), session.getKind(), session.getAssistantRef(), model, knowledgeBase);
  }

  /** What the user may pick for a session. */
  public PlaygroundOptionsView options() {
    Caller caller = currentCaller.require(READ);
    UUID org = caller.requireOrg();
    List<PlaygroundOptionsView.ModelOption> models =
        gateway.availableModels(caller).stream()
            .filter(m -> "llm_inference".equals(m.capability()))
            .map(
                m -> new PlaygroundOptionsView.ModelOption(m.key(), m.displayName(), m.isDefault()))
            .toList();
    List<PlaygroundOptionsView.AssistantOption> assistants =
        catalog.runnableAgents(org).stream()
            .filter(a -> a.toolRefs().isEmpty())
            .map(
                a ->
                    new PlaygroundOptionsView.AssistantOption(
                        a.id(),
                        a.name(),
                        a.description(),
                        a.classification(),
                        a.knowledgeRetrieval()))
            .toList();
    List<PlaygroundOptionsView.KnowledgeBaseOption> bases =
        knowledge.boundKnowledgeBases().stream()
            .map(knowledgeBases::find)
            .flatMap(java.util.Optional::stream)
            .map(
                kb ->
                    new PlaygroundOptionsView.KnowledgeBaseOption(
                        kb.getId(), kb.getDisplayName(), kb.getDescription()))
            .toList();
    return new PlaygroundOptionsView(models, assistants, bases);
  }

  private PlaygroundSession own(Caller caller, UUID id) {
    PlaygroundSession session = sessions.getInOrg(id, caller.requireOrg());
    if (!session.getUserId().equals(caller.userId())) {
      throw NotFoundException.of("playground_session", id);
    }
    return session;
  }

  private List<PlaygroundMessage> history(Caller caller, PlaygroundSession session) {
    return messages.history(caller.requireOrg(), session.getId()).stream()
        .filter(m -> "user".equals(m.role()) || "assistant".equals(m.role()))
        .map(PlaygroundMessage::of)
        .toList();
  }

  private void checkAssistant(UUID org, String assistant) {
    if (assistant != null) {
      catalog.resolveForRun(org, assistant);
    }
  }

  private JsonObject modelSelection(Caller caller, JsonObject body) {
    JsonObject selection = CatalogSpecs.object(body, "model_selection", false);
    if (selection == null) {
      return null;
    }
    String model = CatalogSpecs.string(selection, "model_id", 200, true);
    gateway.availableModel(caller, model);
    return Jsons.object().add("model_id", model).build();
  }

  private UUID knowledgeBinding(String kind, JsonObject body) {
    JsonObject binding = CatalogSpecs.object(body, "knowledge_binding", false);
    if (binding == null) {
      return null;
    }
    if (!PlaygroundSession.KNOWLEDGE.equals(kind)) {
      throw new InvalidRequestException(
          "invalid_knowledge_binding", "only a knowledge session binds a knowledge base");
    }
    UUID id;
    try {
      id = UUID.fromString(CatalogSpecs.string(binding, "knowledge_base_id", 36, true));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(
          "invalid_knowledge_base_id", "knowledge_binding.knowledge_base_id is not an id");
    }
    if (!knowledge.boundKnowledgeBases().contains(id)) {
      throw new ConflictException(
          "knowledge_base_not_bound",
          "knowledge base "
              + id
              + " is not bound to the active deployment, or not active and ready");
    }
    return id;
  }

  private static String binding(UUID knowledgeBase) {
    return knowledgeBase == null
        ? null
        : Jsons.object().add("knowledge_base_id", knowledgeBase.toString()).build().toString();
  }

  private static UUID knowledgeBaseOf(String binding) {
    if (binding == null) {
      return null;
    }
    JsonValue id = Jsons.reader(binding).readObject().get("knowledge_base_id");
    return id instanceof JsonString s ? UUID.fromString(s.getString()) : null;
  }
}
