package dev.mainspring.conversation.service;

import dev.mainspring.conversation.model.ConversationThread;
import dev.mainspring.conversation.model.Message;
import dev.mainspring.conversation.model.MessageEdit;
import dev.mainspring.conversation.model.MessageRepository;
import dev.mainspring.conversation.model.ReactionCount;
import dev.mainspring.conversation.model.ThreadRepository;
import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.identity.service.TenantScoped;
import dev.mainspring.identity.service.TenantSessions;
import dev.mainspring.platform.error.ForbiddenException;
import dev.mainspring.platform.error.InvalidRequestException;
import dev.mainspring.platform.error.PreconditionFailedException;
import dev.mainspring.platform.service.Jsons;
import dev.mainspring.platform.service.Page;
import dev.mainspring.platform.service.PageRequest;
import dev.mainspring.realtime.service.EventLog;
import dev.mainspring.realtime.service.StoredEvent;
import dev.mainspring.realtime.service.StreamRef;
import dev.mainspring.realtime.service.Streams;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Messages of the caller's organization's threads (see {@link MessageService} for the rules). */
@Stateless
@TenantScoped
public class DefaultMessageService implements MessageService {

  static final String READ = "threads:read";
  static final String WRITE = "threads:write";
  static final int EMOJI_MAX = 64;
  static final int EVENTS_MAX = 1000;

  @Inject MessageRepository messages;
  @Inject ThreadRepository threads;
  @Inject CurrentCaller currentCaller;
  @Inject TenantSessions sessions;
  @Inject EventLog eventLog;

  @Inject
  @ConfigProperty(name = "mainspring.messages.max-content-chars", defaultValue = "100000")
  int maxContentChars;

  @Override
  public Page<MessageView> list(UUID threadId, MessageOrder order, PageRequest page) {
    Caller caller = currentCaller.require(READ);
    UUID org = caller.requireOrg();
    threads.getInOrg(threadId, org);
    boolean newestFirst = order == MessageOrder.DESC;
    List<Message> rows =
        messages.list(org, threadId, page.positionAfter(), newestFirst, page.limit());
    String next = null;
    if (rows.size() > page.limit()) {
      rows = rows.subList(0, page.limit());
      next = PageRequest.cursorAfterPosition(rows.get(rows.size() - 1).getPosition());
    }
    return new Page<>(views(rows, caller.userId()), next);
  }

  @Override
  public MessageView get(UUID threadId, UUID messageId) {
    Caller caller = currentCaller.require(READ);
    return view(find(threadId, messageId, caller.requireOrg()), caller.userId());
  }

  @Override
  public MessageView post(UUID threadId, String role, JsonValue content) {
    Caller caller = currentCaller.require(WRITE);
    UUID org = caller.requireOrg();
    String checkedRole = MessageContent.role(role == null ? "user" : role);
    JsonObject checked = MessageContent.normalize(content, checkedRole, maxContentChars);
    threads.getInOrg(threadId, org);
    Message message =
        Message.byUser(
            org,
            threadId,
            messages.nextPosition(),
            checkedRole,
            checked.toString(),
            caller.userId(),
            caller.apiKeyId());
    messages.add(message);
    MessageView view = view(message, caller.userId());
    emit(org, threadId, "message.created", messageEvent(view));
    return view;
  }

  @Override
  public MessageView edit(UUID threadId, UUID messageId, JsonValue content, Long expectedVersion) {
    Caller caller = currentCaller.require(WRITE);
    UUID org = caller.requireOrg();
    Message message = find(threadId, messageId, org);
    requireMayChange(caller, message);
    checkVersion(message, expectedVersion);
    JsonObject checked = MessageContent.normalize(content, message.getRole(), maxContentChars);
    MessageEdit previous = message.edit(checked.toString(), caller.userId());
    messages.save(message);
    messages.addEdit(previous);
    messages.flush();
    MessageView view = view(message, caller.userId());
    emit(org, threadId, "message.updated", messageEvent(view));
    return view;
  }

  @Override
  public List<MessageEditView> edits(UUID threadId, UUID messageId) {
    Caller caller = currentCaller.require(READ);
    Message message = find(threadId, messageId, caller.requireOrg());
    return messages.edits(message.getId()).stream()
        .map(e -> new MessageEditView(json(e.getContent()), e.getEditedBy(), e.getReplacedAt()))
        .toList();
  }

  @Override
  public void delete(UUID threadId, UUID messageId, Long expectedVersion) {
    Caller caller = currentCaller.require(WRITE);
    UUID org = caller.requireOrg();
    Message message = find(threadId, messageId, org);
    requireMayChange(caller, message);
    checkVersion(message, expectedVersion);
    messages.remove(message);
    emit(
        org,
        threadId,
        "message.deleted",
        Jsons.object()
            .add("thread_id", threadId.toString())
            .add("message_id", messageId.toString())
            .build());
  }

  @Override
  public int deleteAfter(UUID threadId, UUID messageId) {
    Caller caller = currentCaller.require(WRITE);
    UUID org = caller.requireOrg();
    Message anchor = find(threadId, messageId, org);
    if (!caller.isAdmin()) {
      ConversationThread thread = threads.getInOrg(threadId, org);
      for (Message later : messages.after(org, threadId, anchor.getPosition())) {
        if (!mayChange(caller, later, thread)) {
          throw notAuthor(later.getId());
        }
      }
    }
    List<UUID> gone = messages.deleteAfter(org, threadId, anchor.getPosition());
    if (gone.isEmpty()) {
      return 0;
    }
    JsonArrayBuilder ids = Jsons.array();
    gone.forEach(id -> ids.add(id.toString()));
    emit(
        org,
        threadId,
        "message.range_deleted",
        Jsons.object()
            .add("thread_id", threadId.toString())
            .add("after_message_id", messageId.toString())
            .add("message_ids", ids)
            .add("count", gone.size())
            .build());
    return gone.size();
  }

  @Override
  public MessageView react(UUID threadId, UUID messageId, String emoji) {
    return changeReaction(threadId, messageId, emoji, true);
  }

  @Override
  public MessageView unreact(UUID threadId, UUID messageId, String emoji) {
    return changeReaction(threadId, messageId, emoji, false);
  }

  private MessageView changeReaction(UUID threadId, UUID messageId, String emoji, boolean add) {
    Caller caller = currentCaller.require(WRITE);
    UUID org = caller.requireOrg();
    String checked = checkEmoji(emoji);
    Message message = find(threadId, messageId, org);
    boolean changed =
        add
            ? messages.addReaction(org, message.getId(), caller.userId(), checked)
            : messages.removeReaction(message.getId(), caller.userId(), checked);
    MessageView view = view(message, caller.userId());
    if (changed) {
      long count =
          view.reactions().stream()
              .filter(r -> r.emoji().equals(checked))
              .mapToLong(MessageView.Reaction::count)
              .sum();
      emit(
          org,
          threadId,
          "message.reaction_changed",
          Jsons.object()
              .add("thread_id", threadId.toString())
              .add("message_id", messageId.toString())
              .add("emoji", checked)
              .add("user_id", caller.userId().toString())
              .add("reacted", add)
              .add("count", count)
              .build());
    }
    return view;
  }

  @Override
  public List<StoredEvent> events(UUID threadId, long afterSequence, int limit) {
    UUID org = currentCaller.require(READ).requireOrg();
    if (afterSequence < 0) {
      throw new InvalidRequestException(
          "invalid_after_sequence", "after_sequence must be 0 or more");
    }
    if (limit < 1 || limit > EVENTS_MAX) {
      throw new InvalidRequestException(
          "invalid_limit", "limit must be between 1 and " + EVENTS_MAX + ", was " + limit);
    }
    threads.getInOrg(threadId, org);
    return eventLog.readAfter(Streams.thread(threadId), afterSequence, limit);
  }

  @Override
  public StreamRef eventStream(UUID threadId) {
    UUID org = currentCaller.require(READ).requireOrg();
    threads.getInOrg(threadId, org);
    return new StreamRef(org, Streams.thread(threadId));
  }

  @Override
  public List<MessageView> history(UUID orgId, UUID threadId) {
    sessions.actFor(orgId);
    threads.getInOrg(threadId, orgId);
    return views(messages.all(orgId, threadId), null);
  }

  @Override
  public MessageView appendFromRun(
      UUID orgId, UUID threadId, UUID runId, UUID messageId, String role, JsonObject content) {
    sessions.actFor(orgId);
    String checkedRole = MessageContent.role(role);
    JsonObject checked = MessageContent.normalize(content, checkedRole, maxContentChars);
    threads.getInOrg(threadId, orgId);
    Message message =
        Message.byRun(
            messageId,
            orgId,
            threadId,
            messages.nextPosition(),
            checkedRole,
            checked.toString(),
            runId);
    messages.add(message);
    MessageView view = view(message, null);
    emit(orgId, threadId, "message.created", messageEvent(view));
    return view;
  }

  @Override
  public List<FoundMessage> searchForRun(UUID orgId, String text, int limit) {
    sessions.actFor(orgId);
    return messages.search(orgId, text, limit).stream()
        .map(
            f -> new FoundMessage(f.threadId(), f.threadTitle(), f.messageId(), f.role(), f.text()))
        .toList();
  }

  // --- rules -------------------------------------------------------------------------------

  private Message find(UUID threadId, UUID messageId, UUID org) {
    threads.getInOrg(threadId, org);
    return messages.getInThread(messageId, threadId, org);
  }

  private void requireMayChange(Caller caller, Message message) {
    if (caller.isAdmin()) {
      return;
    }
    ConversationThread thread = threads.getInOrg(message.getThreadId(), caller.requireOrg());
    if (!mayChange(caller, message, thread)) {
      throw notAuthor(message.getId());
    }
  }

  /** The author, or for a run's message the thread's creator. */
  static boolean mayChange(Caller caller, Message message, ConversationThread thread) {
    if (message.getRunId() != null) {
      return thread.getCreatedBy() != null && thread.getCreatedBy().equals(caller.userId());
    }
    return message.isAuthoredBy(caller.userId());
  }

  private static ForbiddenException notAuthor(UUID messageId) {
    return new ForbiddenException(
        "not_message_author",
        "only the author of message " + messageId + " or an organization admin may change it");
  }

  static void checkVersion(Message message, Long expectedVersion) {
    if (expectedVersion != null && expectedVersion != message.getVersion()) {
      throw new PreconditionFailedException(
          "message "
              + message.getId()
              + " is at version "
              + message.getVersion()
              + ", not "
              + expectedVersion);
    }
  }

  /** An emoji of 1 to 64 characters with no whitespace or control character. */
  static String checkEmoji(String emoji) {
    boolean ok = emoji != null && !emoji.isEmpty() && emoji.length() <= EMOJI_MAX;
    for (int i = 0; ok && i < emoji.length(); i++) {
      char c = emoji.charAt(i);
      ok = !Character.isWhitespace(c) && !Character.isISOControl(c) && c != '/';
    }
    if (!ok) {
      throw new InvalidRequestException(
          "invalid_emoji", "an emoji has 1 to " + EMOJI_MAX + " characters and no spaces");
    }
    return emoji;
  }

  // --- views, cursors and events -----------------------------------------------------------

  private void emit(UUID org, UUID threadId, String type, JsonObject data) {
    eventLog.append(org, Streams.thread(threadId), type, data);
  }

  private MessageView view(Message message, UUID userId) {
    return views(List.of(message), userId).get(0);
  }

  private List<MessageView> views(List<Message> rows, UUID userId) {
    Map<UUID, List<MessageView.Reaction>> reactions = new LinkedHashMap<>();
    if (userId != null) {
      for (ReactionCount r :
          messages.reactions(rows.stream().map(Message::getId).toList(), userId)) {
        reactions
            .computeIfAbsent(r.messageId(), id -> new ArrayList<>())
            .add(new MessageView.Reaction(r.emoji(), r.count(), r.mine()));
      }
    }
    return rows.stream()
        .map(
            m ->
                new MessageView(
                    m.getId(),
                    m.getThreadId(),
                    m.getRole(),
                    json(m.getContent()),
                    new MessageView.Author(m.getAuthorUserId(), m.getAuthorKeyId(), m.getRunId()),
                    m.getCreatedAt(),
                    m.getEditedAt(),
                    m.getVersion(),
                    List.copyOf(reactions.getOrDefault(m.getId(), List.of()))))
        .toList();
  }

  /** What a live client needs of a created or changed message: all of it but the reactions. */
  static JsonObject messageEvent(MessageView view) {
    JsonObjectBuilder author = Jsons.object().add("type", view.author().type());
    addId(author, "user_id", view.author().userId());
    addId(author, "api_key_id", view.author().apiKeyId());
    addId(author, "run_id", view.author().runId());
    JsonObjectBuilder message =
        Jsons.object()
            .add("message_id", view.id().toString())
            .add("thread_id", view.threadId().toString())
            .add("role", view.role())
            .add("content", view.content())
            .add("author", author)
            .add("created_at", view.createdAt().toString())
            .add("version", view.version());
    Instant edited = view.editedAt();
    if (edited == null) {
      message.addNull("edited_at");
    } else {
      message.add("edited_at", edited.toString());
    }
    return Jsons.object()
        .add("thread_id", view.threadId().toString())
        .add("message_id", view.id().toString())
        .add("message", message)
        .build();
  }

  private static void addId(JsonObjectBuilder json, String name, UUID id) {
    if (id == null) {
      json.addNull(name);
    } else {
      json.add(name, id.toString());
    }
  }

  private static JsonObject json(String text) {
    try (JsonReader reader = Jsons.reader(text)) {
      return reader.readObject();
    }
  }
}
