package dev.mainspring.run.api;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/** A thread's runs, newest first; {@code next_cursor} is null on the last page. */
@JsonbPropertyOrder({"agentRuns", "nextCursor"})
public record RunList(List<RunResponse> agentRuns, String nextCursor) {}
