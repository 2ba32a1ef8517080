package dev.mainspring.conversation.model;

import java.util.UUID;

/**
 * How many users reacted to a message with one emoji, and whether a given user is among them.
 *
 * @param messageId the message
 * @param emoji the emoji
 * @param count how many users
 * @param mine whether the user asked about is one of them
 */
public record ReactionCount(UUID messageId, String emoji, long count, boolean mine) {}
