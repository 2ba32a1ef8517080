package dev.mainspring.run.model;

import dev.mainspring.platform.model.Ids;
import dev.mainspring.platform.model.TenantOwned;
import dev.mainspring.platform.model.Timestamps;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A tool call a run's model asked for in one step, and where it stands: {@code awaiting_approval}
 * (its tool needs a person's decision), {@code approved} or {@code denied}, {@code started} (the
 * tool is running, or was when its instance died), {@code done} or {@code failed} with the result
 * the model is given.
 */
@Entity
@Table(name = "agent_run_tool_calls")
public class RunToolCall implements TenantOwned {

  public static final String AWAITING_APPROVAL = "awaiting_approval";
  public static final String APPROVED = "approved";
  public static final String DENIED = "denied";
  public static final String STARTED = "started";
  public static final String DONE = "done";
  public static final String FAILED = "failed";

  @Id private UUID id;

  @Column(name = "run_id", nullable = false)
  private UUID runId;

  @Column(nullable = false)
  private int step;

  @Column(nullable = false)
  private int idx;

  @Column(name = "org_id", nullable = false)
  private UUID orgId;

  @Column(name = "call_id", nullable = false)
  private String callId;

  @Column(nullable = false)
  private String tool;

  @Column(nullable = false)
  private String arguments;

  @Column(nullable = false)
  private String status;

  private String result;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected RunToolCall() {}

  /** A call of {@code tool} asked for in {@code step}, at position {@code idx} of its message. */
  public static RunToolCall asked(
      UUID orgId,
      UUID runId,
      int step,
      int idx,
      String callId,
      String tool,
      String arguments,
      boolean needsApproval) {
    RunToolCall call = new RunToolCall();
    call.id = Ids.newId();
    call.orgId = orgId;
    call.runId = runId;
    call.step = step;
    call.idx = idx;
    call.callId = callId;
    call.tool = tool;
    call.arguments = arguments;
    call.status = needsApproval ? AWAITING_APPROVAL : APPROVED;
    call.createdAt = Timestamps.now();
    call.updatedAt = call.createdAt;
    return call;
  }

  /** The tool is about to run: from here on a crash leaves it {@code started}. */
  public void start() {
    move(STARTED);
  }

  /** A person approved the call, with {@code arguments} replacing the model's when not null. */
  public void approve(String editedArguments) {
    if (editedArguments != null) {
      this.arguments = editedArguments;
    }
    move(APPROVED);
  }

  public void deny(String reason) {
    this.result = reason;
    move(DENIED);
  }

  public void finish(String result, boolean failed) {
    this.result = result;
    move(failed ? FAILED : DONE);
  }

  private void move(String next) {
    this.status = next;
    this.updatedAt = Timestamps.now();
  }

  public UUID getId() {
    return id;
  }

  public UUID getRunId() {
    return runId;
  }

  public int getStep() {
    return step;
  }

  public int getIdx() {
    return idx;
  }

  @Override
  public UUID getOrgId() {
    return orgId;
  }

  public String getCallId() {
    return callId;
  }

  public String getTool() {
    return tool;
  }

  public String getArguments() {
    return arguments;
  }

  public String getStatus() {
    return status;
  }

  public String getResult() {
    return result;
  }

  /** Whether the call has its answer for the model (a result, a failure or a denial). */
  public boolean isSettled() {
    return DONE.equals(status) || FAILED.equals(status) || DENIED.equals(status);
  }
}
