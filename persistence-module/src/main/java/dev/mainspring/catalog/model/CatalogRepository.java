package dev.mainspring.catalog.model;

import dev.mainspring.platform.error.NotFoundException;
import dev.mainspring.platform.model.JpaRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Catalog entries and the registry's artifact versions in PostgreSQL. */
@ApplicationScoped
public class CatalogRepository extends JpaRepository<CatalogEntry> {

  public CatalogRepository() {
    super(CatalogEntry.class, "catalog_entry");
  }

  /** The entry of {@code kind} named {@code ref}, if any. */
  public Optional<CatalogEntry> findByRef(String kind, String ref) {
    return em.createQuery(
            "select e from CatalogEntry e where e.kind = :kind and e.ref = :ref",
            CatalogEntry.class)
        .setParameter("kind", kind)
        .setParameter("ref", ref)
        .getResultStream()
        .findFirst();
  }

  /** The entry, or 404 {@code catalog_<kind>_not_found}. */
  public CatalogEntry getByRef(String kind, String ref) {
    return findByRef(kind, ref)
        .orElseThrow(
            () ->
                new NotFoundException(
                    "catalog_" + kind + "_not_found",
                    "catalog " + kind + " " + ref + " not found"));
  }

  /**
   * Entries of {@code kind} in reference order: every one when {@code orgId} is null, else the
   * platform ones and the organization's own.
   */
  public List<CatalogEntry> list(String kind, UUID orgId, boolean activeOnly) {
    var query =
        em.createQuery(
                "select e from CatalogEntry e where e.kind = :kind"
                    + (orgId == null ? "" : " and (e.orgId is null or e.orgId = :org)")
                    + (activeOnly ? " and e.status = 'active'" : "")
                    + " order by e.ref",
                CatalogEntry.class)
            .setParameter("kind", kind);
    if (orgId != null) {
      query.setParameter("org", orgId);
    }
    return query.getResultList();
  }

  /**
   * Serializes the writers of one artifact until the transaction ends, so that two concurrent
   * writes number their versions one after the other instead of both taking the same.
   */
  public void lockArtifact(String kind, String artifactId) {
    em.createNativeQuery("select pg_advisory_xact_lock(hashtext(?1))")
        .setParameter(1, "registry:" + kind + ":" + artifactId)
        .getSingleResult();
  }

  /** The number the artifact's next version takes (call {@link #lockArtifact} first). */
  public int nextVersion(String kind, String artifactId) {
    Number max =
        (Number)
            em.createNativeQuery(
                    "select coalesce(max(version), 0) from registry_artifacts"
                        + " where kind = ?1 and artifact_id = ?2")
                .setParameter(1, kind)
                .setParameter(2, artifactId)
                .getSingleResult();
    return max.intValue() + 1;
  }

  /** Stores a new artifact version. */
  public void addArtifact(RegistryArtifact artifact) {
    em.persist(artifact);
    flush();
  }

  /** The artifact's versions, newest first. */
  public List<RegistryArtifact> versions(String kind, String artifactId) {
    return em.createQuery(
            "select a from RegistryArtifact a where a.kind = :kind and a.artifactId = :id"
                + " order by a.version desc",
            RegistryArtifact.class)
        .setParameter("kind", kind)
        .setParameter("id", artifactId)
        .getResultList();
  }

  @Override
  protected UUID idOf(CatalogEntry entry) {
    return entry.getId();
  }
}
