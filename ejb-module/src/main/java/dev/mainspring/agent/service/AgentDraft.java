package dev.mainspring.agent.service;

import dev.mainspring.agent.model.AgentSpec;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * An agent's settings as a request gives them. On create and on a replacing update (PUT) a member
 * left out takes its default ({@code name} is required); on a merging update (PATCH) it stays as it
 * is. An empty {@code model}, {@code description} or {@code instructions} clears it ({@code model}:
 * back to the deployment's default chat model). The limits are those of {@link
 * dev.mainspring.agent.model.AgentSpec}, which checks them again with the rules a record cannot say
 * (the approval subset).
 */
public record AgentDraft(
    @Size(min = 1, max = 200) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank")
        String name,
    @Size(max = 10_000) String description,
    @Size(max = 100_000) String instructions,
    @Size(max = 200) String model,
    @DecimalMin("0") @DecimalMax("2") Double temperature,
    @Min(1) @Max(1_000_000) Integer maxTokens,
    @Size(max = 64) List<@NotNull @Pattern(regexp = TOOL_NAME) String> tools,
    @Size(max = 64) List<@NotNull @Pattern(regexp = TOOL_NAME) String> toolsNeedingApproval,
    @Min(1) @Max(50) Integer stepLimit) {

  private static final String TOOL_NAME = AgentSpec.TOOL_NAME_REGEX;
}
