package dev.mainspring.catalog.service;

import dev.mainspring.agent.service.AgentService;
import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.run.service.InitiateRun;
import dev.mainspring.run.service.RunService;
import dev.mainspring.run.service.RunView;
import dev.mainspring.run.service.StartRun;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.UUID;

/**
 * Document C's agent executions: an execution of a catalog agent is a run of the organization's
 * mirror of that agent, on a thread of the caller's (a new one in a new project unless {@code
 * threadId} is given). Each step is its own transaction: resolving the catalog agent, bringing the
 * mirror up to its version, and starting the run as {@code RunService} does for any run, with the
 * same rights, payment and limit checks.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ExecutionService {

  @Inject CatalogService catalog;
  @Inject AgentService agents;
  @Inject RunService runs;
  @Inject CurrentCaller currentCaller;

  /**
   * A started execution.
   *
   * @param run the run
   * @param agentRef the catalog agent
   * @param agentVersion its registry version that the run runs
   */
  public record Started(RunView run, String agentRef, int agentVersion) {}

  /** Starts catalog agent {@code agentRef} on {@code prompt}. */
  public Started start(String agentRef, String prompt, UUID threadId, String model) {
    Caller caller = currentCaller.require("agents:write");
    UUID org = caller.requireOrg();
    CatalogService.RunnableAgent agent = catalog.resolveForRun(org, agentRef);
    UUID agentId = agents.mirrorForRun(org, agent.ref(), agent.version(), agent.spec());
    RunView run =
        threadId != null
            ? runs.start(threadId, new StartRun(prompt, model, agentId, null))
            : runs.initiate(new InitiateRun(prompt, model, agentId, null)).run();
    return new Started(run, agent.ref(), agent.version());
  }
}
