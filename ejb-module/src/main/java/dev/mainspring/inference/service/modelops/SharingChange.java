package dev.mainspring.inference.service.modelops;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.UUID;

/**
 * A model's new sharing rule: {@code scope} {@code everyone}, {@code restricted} or {@code nobody};
 * {@code grants} only with {@code restricted}, each naming an organization and the roles there
 * ({@code member}, {@code admin}) that may use the model.
 */
public record SharingChange(
    @NotNull UUID modelId, String scope, List<@NotNull @Valid Grant> grants) {

  /** One organization's share. */
  public record Grant(@NotNull UUID organizationId, List<String> roles) {}

  /** The grants, none when left out. */
  public List<Grant> grantList() {
    return grants == null ? List.of() : grants;
  }
}
