/** The threads API of document E: {@code /api/threads}. */
package dev.mainspring.conversation.api;
