package dev.mainspring.run.model;

import dev.mainspring.platform.model.JpaRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Tool calls of runs. */
@ApplicationScoped
public class RunToolCallRepository extends JpaRepository<RunToolCall> {

  public RunToolCallRepository() {
    super(RunToolCall.class, "tool_call");
  }

  /** The calls of one step of a run, in the order the model asked for them. */
  public List<RunToolCall> ofStep(UUID runId, int step) {
    return em.createQuery(
            "select c from RunToolCall c where c.runId = :run and c.step = :step order by c.idx",
            RunToolCall.class)
        .setParameter("run", runId)
        .setParameter("step", step)
        .getResultList();
  }

  /** The calls of a run waiting for a person's decision. */
  public List<RunToolCall> awaitingApproval(UUID runId) {
    return em.createQuery(
            "select c from RunToolCall c where c.runId = :run and c.status = :status"
                + " order by c.step, c.idx",
            RunToolCall.class)
        .setParameter("run", runId)
        .setParameter("status", RunToolCall.AWAITING_APPROVAL)
        .getResultList();
  }

  @Override
  protected UUID idOf(RunToolCall call) {
    return call.getId();
  }
}
