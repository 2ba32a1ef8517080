package dev.mainspring.run.service;

import dev.mainspring.platform.error.MainspringException;
import java.util.List;
import java.util.Map;

/**
 * A run refused before anything was queued, with what the client needs to do better: the models it
 * may use (403), the threads whose runs hold its limit (429), the run that keeps the thread busy
 * (409).
 */
public class RunRefusedException extends MainspringException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String title;
  private final Map<String, List<String>> members;

  private RunRefusedException(
      int status, String title, String code, String message, Map<String, List<String>> members) {
    super(code, message);
    this.status = status;
    this.title = title;
    this.members = Map.copyOf(members);
  }

  /** 403 {@code model_not_allowed}: the caller may not use {@code model}. */
  public static RunRefusedException modelNotAllowed(String model, List<String> allowed) {
    return new RunRefusedException(
        403,
        "Forbidden",
        "model_not_allowed",
        model == null
            ? "no chat model is available to you; allowed_models lists the ones you may use"
            : "you may not use model " + model + "; allowed_models lists the ones you may use",
        Map.of("allowed_models", List.copyOf(allowed)));
  }

  /** 402 {@code payment_required}: the caller cannot pay for the run. */
  public static RunRefusedException paymentRequired(String message) {
    return new RunRefusedException(402, "Payment Required", "payment_required", message, Map.of());
  }

  /** 429 {@code too_many_active_runs}: the caller's or organization's limit of active runs. */
  public static RunRefusedException tooManyRuns(String whose, int limit, List<String> threadIds) {
    return new RunRefusedException(
        429,
        "Too Many Requests",
        "too_many_active_runs",
        whose
            + " may have at most "
            + limit
            + " active runs; stop one or wait for one to end (running_thread_ids lists their"
            + " threads)",
        Map.of("running_thread_ids", List.copyOf(threadIds)));
  }

  /** 409 {@code thread_busy}: the thread has an active run and the strategy is {@code reject}. */
  public static RunRefusedException threadBusy(List<String> runIds) {
    return new RunRefusedException(
        409,
        "Conflict",
        "thread_busy",
        "the thread has an active run; stop it, or start with multitask_strategy enqueue or"
            + " interrupt",
        Map.of("active_run_ids", List.copyOf(runIds)));
  }

  @Override
  public int status() {
    return status;
  }

  @Override
  public String title() {
    return title;
  }

  @Override
  public Map<String, List<String>> members() {
    return members;
  }

  @Override
  public Map<String, String> headers() {
    return status == 429 ? Map.of("Retry-After", "5") : Map.of();
  }
}
