package dev.mainspring.conversation.service;

import dev.mainspring.platform.service.Page;
import dev.mainspring.platform.service.PageRequest;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.UUID;

/**
 * Messages of threads. Every change appends an event to the thread's stream ({@code
 * thread:<thread_id>}) in the same transaction: {@code message.created}, {@code message.updated},
 * {@code message.deleted}, {@code message.range_deleted}, {@code message.reaction_changed}.
 *
 * <p>Who may do what: any member (and API key with {@code threads:read} / {@code threads:write})
 * reads, posts and reacts; editing and deleting a message is for its author (the user, with a token
 * or one of their keys) or an organization admin. A message an agent run wrote counts as the
 * thread's creator's.
 */
public interface MessageService {

  /** A page of the thread's messages; the cursor is a page's {@code next_cursor}. */
  Page<MessageView> list(
      @NotNull UUID threadId, @NotNull MessageOrder order, @NotNull PageRequest page);

  MessageView get(@NotNull UUID threadId, @NotNull UUID messageId);

  /** Posts a message written by the caller ({@code role} null means {@code user}). */
  MessageView post(@NotNull UUID threadId, String role, JsonValue content);

  /** Replaces the content, keeping the previous one in the edit history. */
  MessageView edit(
      @NotNull UUID threadId, @NotNull UUID messageId, JsonValue content, Long expectedVersion);

  /** The contents the message had before its edits, oldest first. */
  List<MessageEditView> edits(@NotNull UUID threadId, @NotNull UUID messageId);

  void delete(@NotNull UUID threadId, @NotNull UUID messageId, Long expectedVersion);

  /** Deletes every message after the given one (not that one); answers how many. */
  int deleteAfter(@NotNull UUID threadId, @NotNull UUID messageId);

  /** Adds the caller's reaction (once per user and emoji; adding it again changes nothing). */
  MessageView react(@NotNull UUID threadId, @NotNull UUID messageId, String emoji);

  /** Removes the caller's reaction, if any. */
  MessageView unreact(@NotNull UUID threadId, @NotNull UUID messageId, String emoji);

  /**
   * The thread's message events with a sequence above {@code afterSequence}, oldest first, at most
   * {@code limit} (1 to 1000): what a client that was away missed. Events are kept for the
   * retention period only.
   */
  List<dev.mainspring.realtime.service.StoredEvent> events(
      @NotNull UUID threadId, long afterSequence, int limit);

  /**
   * The thread's event stream, for a live relay: checked as {@link #events} checks (the caller may
   * read threads, the thread is of the caller's organization).
   */
  dev.mainspring.realtime.service.StreamRef eventStream(UUID threadId);

  /**
   * For the run engine, with no HTTP caller, inside its transaction: every message of the thread,
   * oldest first, read as organization {@code orgId}.
   */
  List<MessageView> history(@NotNull UUID orgId, @NotNull UUID threadId);

  /**
   * For the run engine: a message the run {@code runId} wrote ({@code assistant} with text and tool
   * calls, or {@code tool} with a tool result), checked like any other, emitting {@code
   * message.created}. {@code messageId} is the id the run chose beforehand ({@code Ids.newId()}),
   * which its streamed content events already named.
   */
  MessageView appendFromRun(
      @NotNull UUID orgId,
      @NotNull UUID threadId,
      @NotNull UUID runId,
      @NotNull UUID messageId,
      @NotNull String role,
      @NotNull JsonObject content);

  /**
   * For the run engine's thread search tool: the organization's newest messages whose text contains
   * {@code text}, at most {@code limit}, read as organization {@code orgId}.
   */
  List<FoundMessage> searchForRun(@NotNull UUID orgId, @NotNull String text, int limit);
}
