package dev.mainspring.catalog.service;

import dev.mainspring.run.service.RunService;
import dev.mainspring.run.service.RunView;
import dev.mainspring.run.service.StartRun;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.UUID;

/**
 * Sends a message to a playground session: a run on the session's thread, of its assistant (a
 * catalog agent, through {@link ExecutionService}) or of the organization's default agent, with its
 * model. The session and the run are separate transactions, as for any run started over HTTP.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class PlaygroundRuns {

  @Inject PlaygroundService sessions;
  @Inject ExecutionService executions;
  @Inject RunService runs;

  /** The run answering {@code content} in session {@code sessionId}. */
  public RunView send(UUID sessionId, String content) {
    PlaygroundService.Target target = sessions.target(sessionId);
    if (target.assistantRef() != null) {
      return executions
          .start(target.assistantRef(), content, target.threadId(), target.model())
          .run();
    }
    return runs.start(target.threadId(), new StartRun(content, target.model(), null, null));
  }
}
