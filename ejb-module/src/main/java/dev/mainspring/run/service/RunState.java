package dev.mainspring.run.service;

import dev.mainspring.agent.service.AgentVersionView;
import dev.mainspring.conversation.service.MessageView;
import java.util.List;
import java.util.UUID;

/**
 * What the worker knows of a run it holds, read from the database at the start of each step.
 *
 * @param steps the model calls finished so far
 * @param history the thread's messages, oldest first
 * @param openCalls the tool calls of the last finished step that have no result yet, in order
 * @param discardMessageIds when the run was taken over mid-step: the messages whose content was
 *     streamed but will not be written
 * @param planOnly whether the run only proposes a plan (document A's plan command): no tools are
 *     offered, and a call the model makes anyway is not run
 */
record RunState(
    UUID runId,
    UUID orgId,
    UUID threadId,
    UUID knowledgeBaseId,
    String model,
    int steps,
    int stepLimit,
    boolean stopRequested,
    boolean planOnly,
    Starter starter,
    AgentVersionView agent,
    List<MessageView> history,
    List<OpenCall> openCalls,
    List<String> discardMessageIds) {

  /** Who started the run: the model is called as them. */
  record Starter(UUID userId, UUID apiKeyId, String role, String scopes) {}

  /** A tool call without a result yet. */
  record OpenCall(UUID id, String callId, String tool, String arguments, String status) {}
}
