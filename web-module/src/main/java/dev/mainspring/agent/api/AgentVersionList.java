package dev.mainspring.agent.api;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/** A page of an agent's versions, newest first; {@code next_cursor} is null on the last page. */
@JsonbPropertyOrder({"versions", "nextCursor"})
public record AgentVersionList(List<AgentVersionResponse> versions, String nextCursor) {}
