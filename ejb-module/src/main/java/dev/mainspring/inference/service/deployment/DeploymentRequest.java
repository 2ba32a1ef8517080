package dev.mainspring.inference.service.deployment;

import dev.mainspring.inference.service.Slugs;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A deployment profile to create, or the full new state of one (PUT): identity and every binding; a
 * capability left out of {@code bindings} is unbound.
 */
public record DeploymentRequest(
    @NotBlank @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) String slug,
    @NotBlank @Size(max = 200) String displayName,
    @Size(max = 500) String description,
    List<@NotNull @Valid BindingRequest> bindings) {

  List<BindingRequest> bindingsOrNone() {
    return bindings == null ? List.of() : bindings;
  }
}
