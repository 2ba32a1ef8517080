package dev.mainspring.project.api;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/** A page of projects, newest first; {@code next_cursor} is null on the last page. */
@JsonbPropertyOrder({"projects", "nextCursor"})
public record ProjectList(List<ProjectResponse> projects, String nextCursor) {}
