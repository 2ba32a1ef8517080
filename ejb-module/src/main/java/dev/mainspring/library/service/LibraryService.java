package dev.mainspring.library.service;

import dev.mainspring.conversation.service.ThreadView;
import dev.mainspring.platform.service.Page;
import dev.mainspring.platform.service.PageRequest;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;

/**
 * Document A's pins and wishlists: the caller's pinned threads and saved items (messages of
 * threads, agents, prompts), in the caller's organization. They are the caller's own: nobody else
 * sees or changes them (another user's item answers 404, as a missing one).
 *
 * <p>Rights: any member; API keys act for their user with {@code threads:read} to read and {@code
 * threads:write} to change.
 */
public interface LibraryService {

  /** A pinned thread. */
  record PinView(UUID threadId, Instant pinnedAt, ThreadView thread) {}

  /** The result of pinning: the pin, and whether this call made it. */
  record Pinned(PinView pin, boolean created) {}

  /** A saved item. */
  record SavedItemView(
      UUID id,
      String kind,
      UUID threadId,
      UUID messageId,
      UUID agentId,
      String prompt,
      String title,
      String note,
      Instant createdAt,
      Instant updatedAt,
      long version) {}

  /**
   * What to save: {@code kind} {@code message} (with {@code threadId} and {@code messageId}),
   * {@code agent} (with {@code agentId}) or {@code prompt} (with {@code prompt}).
   */
  record SaveItem(
      String kind,
      UUID threadId,
      UUID messageId,
      UUID agentId,
      String prompt,
      String title,
      String note) {}

  /** Changes of a saved item: null leaves a member as it is, empty clears title or note. */
  record ChangeItem(String title, String note, String prompt) {}

  /** The caller's pins, newest first. */
  Page<PinView> pins(@NotNull PageRequest page);

  /** Pins a thread of the organization (404 {@code thread_not_found}); again changes nothing. */
  Pinned pin(@NotNull UUID threadId);

  /** Unpins; 404 {@code pin_not_found} when the thread is not pinned. */
  void unpin(@NotNull UUID threadId);

  /** The caller's saved items, newest first; {@code kind} narrows them (null: all). */
  Page<SavedItemView> saved(String kind, @NotNull PageRequest page);

  /**
   * Saves an item: 400 {@code invalid_kind}, {@code validation_failed}; 404 {@code
   * thread_not_found}, {@code message_not_found}, {@code agent_not_found}; 409 {@code
   * already_saved} for a message or agent saved before.
   */
  SavedItemView save(@NotNull SaveItem item);

  /** One saved item; 404 {@code saved_item_not_found}. */
  SavedItemView get(@NotNull UUID id);

  /** Changes a saved item; 412 when {@code expectedVersion} is not its version. */
  SavedItemView change(@NotNull UUID id, @NotNull ChangeItem change, Long expectedVersion);

  /** Deletes a saved item; 412 when {@code expectedVersion} is not its version. */
  void delete(@NotNull UUID id, Long expectedVersion);
}
