package dev.mainspring.agent.api;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/** A page of agents, newest first; {@code next_cursor} is null on the last page. */
@JsonbPropertyOrder({"agents", "nextCursor"})
public record AgentList(List<AgentResponse> agents, String nextCursor) {}
