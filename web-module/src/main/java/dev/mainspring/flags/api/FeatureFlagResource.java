package dev.mainspring.flags.api;

import dev.mainspring.flags.service.FeatureFlagService;
import dev.mainspring.flags.service.FeatureFlagView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Map;

/**
 * Document E's feature flags, for any signed-in caller, only when {@code FEATURE_FLAGS_ENABLED} is
 * true (404 {@code feature_flags_disabled} otherwise). Superadmins set them under {@code
 * /v1/platform/feature-flags}.
 */
@Path("api/feature-flags")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class FeatureFlagResource {

  @Inject FeatureFlagService flags;

  /** Every flag's state, by name. */
  public record FlagStates(Map<String, Boolean> flags) {}

  /** One flag: off, without details, when nobody set it. */
  public record FlagState(String flagName, boolean enabled, Details details) {

    /** What the flag is for and when it was last set. */
    public record Details(String description, Instant updatedAt) {}
  }

  @GET
  public FlagStates list() {
    return new FlagStates(flags.states());
  }

  @GET
  @Path("{flag_name}")
  public FlagState get(@PathParam("flag_name") String name) {
    return flags
        .state(name)
        .map(FeatureFlagResource::stateOf)
        .orElseGet(() -> new FlagState(name, false, null));
  }

  private static FlagState stateOf(FeatureFlagView flag) {
    return new FlagState(
        flag.name(), flag.enabled(), new FlagState.Details(flag.description(), flag.updatedAt()));
  }
}
