package dev.mainspring.knowledge.model;

import dev.mainspring.platform.error.ConflictException;
import dev.mainspring.platform.error.MainspringException;
import dev.mainspring.platform.model.IntegrityViolation;
import dev.mainspring.platform.model.IntegrityViolation.Kind;
import dev.mainspring.platform.model.JpaRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Schema profiles; not-found code {@code schema_profile_not_found}. */
@ApplicationScoped
public class SchemaProfileRepository extends JpaRepository<SchemaProfile> {

  public SchemaProfileRepository() {
    super(SchemaProfile.class, "schema_profile");
  }

  /** All profiles, or those of one provider family when {@code providerKey} is not null. */
  public List<SchemaProfile> list(String providerKey) {
    String order = " order by p.providerKey, p.builtin desc, p.slug";
    if (providerKey == null) {
      return em.createQuery("select p from SchemaProfile p" + order, SchemaProfile.class)
          .getResultList();
    }
    return em.createQuery(
            "select p from SchemaProfile p where p.providerKey = :key" + order, SchemaProfile.class)
        .setParameter("key", providerKey)
        .getResultList();
  }

  /** The family's built-in template, the schema of a knowledge base that names no profile. */
  public Optional<SchemaProfile> findBuiltin(String providerKey) {
    return em.createQuery(
            "select p from SchemaProfile p where p.providerKey = :key and p.builtin = true"
                + " order by p.slug",
            SchemaProfile.class)
        .setParameter("key", providerKey)
        .getResultStream()
        .findFirst();
  }

  /** 409 {@code schema_profile_slug_taken}. */
  public static ConflictException slugTaken(String providerKey, String slug) {
    return new ConflictException(
        "schema_profile_slug_taken",
        "the provider family " + providerKey + " has a schema profile " + slug + " already");
  }

  @Override
  protected MainspringException translate(IntegrityViolation violation, SchemaProfile profile) {
    if (violation.is(Kind.DUPLICATE, "kb_schema_profiles_family_slug_key")) {
      return profile == null
          ? slugTaken("of this profile", "with this slug")
          : slugTaken(profile.getProviderKey(), profile.getSlug());
    }
    return null;
  }

  @Override
  protected UUID idOf(SchemaProfile profile) {
    return profile.getId();
  }
}
