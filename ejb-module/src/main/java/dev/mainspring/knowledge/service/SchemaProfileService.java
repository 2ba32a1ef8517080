package dev.mainspring.knowledge.service;

import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.inference.model.provider.ProviderFamily;
import dev.mainspring.inference.model.provider.ProviderFamilyRepository;
import dev.mainspring.knowledge.model.SchemaProfile;
import dev.mainspring.knowledge.model.SchemaProfileRepository;
import dev.mainspring.platform.error.InvalidRequestException;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * Schema profiles ({@code /v1/context/schema-profiles}): reusable document schemas keyed by
 * vector-store provider family, the built-in templates plus those superadmins add.
 */
@Stateless
public class SchemaProfileService {

  /** The capability whose families schema profiles are written for. */
  public static final String VECTOR_STORE = "vector_store";

  @Inject CurrentCaller currentCaller;
  @Inject SchemaProfileRepository profiles;
  @Inject ProviderFamilyRepository families;

  /**
   * The profiles, built-in first within each family; only {@code providerKey}'s when given (an
   * unknown or non-vector-store family is 400 {@code unknown_provider_family}).
   */
  public List<SchemaProfileView> list(String providerKey) {
    ContextAccess.reader(currentCaller.get());
    if (providerKey != null) {
      vectorStoreFamily(providerKey);
    }
    return profiles.list(providerKey).stream().map(SchemaProfileView::of).toList();
  }

  /**
   * Adds a profile. 400 {@code unknown_provider_family} unless the family is a vector-store one,
   * 400 {@code invalid_schema} for bad properties, 409 {@code schema_profile_slug_taken} when the
   * family has the slug already.
   */
  public SchemaProfileView create(@NotNull @Valid SchemaProfileRequest request) {
    var caller = ContextAccess.writer(currentCaller.get());
    ProviderFamily family = vectorStoreFamily(request.providerKey());
    List<SchemaProperty> properties = SchemaProperty.check(request.properties());
    SchemaProfile profile =
        new SchemaProfile(
            family.getKey(),
            request.slug(),
            request.displayName(),
            request.description(),
            SchemaProperty.toJson(properties),
            caller.userId());
    profiles.add(profile);
    return SchemaProfileView.of(profile);
  }

  private ProviderFamily vectorStoreFamily(String key) {
    return families
        .find(key)
        .filter(f -> VECTOR_STORE.equals(f.getCapability()))
        .orElseThrow(
            () ->
                new InvalidRequestException(
                    "unknown_provider_family", "there is no vector-store provider family " + key));
  }
}
