/**
 * Threads of conversation (document E's threads; chat sessions, playground sessions and rooms in
 * the other documents). Owns the {@code threads} table.
 */
package dev.mainspring.conversation.model;
