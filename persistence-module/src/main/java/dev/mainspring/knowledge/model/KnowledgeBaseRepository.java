package dev.mainspring.knowledge.model;

import dev.mainspring.platform.error.ConflictException;
import dev.mainspring.platform.error.InvalidRequestException;
import dev.mainspring.platform.error.MainspringException;
import dev.mainspring.platform.error.NotFoundException;
import dev.mainspring.platform.model.IntegrityViolation;
import dev.mainspring.platform.model.IntegrityViolation.Kind;
import dev.mainspring.platform.model.JpaRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Knowledge bases; not-found code {@code knowledge_base_not_found}. */
@ApplicationScoped
public class KnowledgeBaseRepository extends JpaRepository<KnowledgeBase> {

  public KnowledgeBaseRepository() {
    super(KnowledgeBase.class, "knowledge_base");
  }

  /**
   * The knowledge base, its row locked until the transaction ends (so checks of its sync runs and
   * the run queued after them are atomic); 404 {@code knowledge_base_not_found}.
   */
  public KnowledgeBase getLocked(UUID id) {
    KnowledgeBase kb = em.find(KnowledgeBase.class, id, LockModeType.PESSIMISTIC_WRITE);
    if (kb == null) {
      throw NotFoundException.of("knowledge_base", id);
    }
    return kb;
  }

  public List<KnowledgeBase> listAll() {
    return em.createQuery("select k from KnowledgeBase k order by k.slug", KnowledgeBase.class)
        .getResultList();
  }

  public Optional<KnowledgeBase> findBySlug(String slug) {
    return em.createQuery("select k from KnowledgeBase k where k.slug = :slug", KnowledgeBase.class)
        .setParameter("slug", slug)
        .getResultStream()
        .findFirst();
  }

  /** 409 {@code knowledge_base_slug_taken}; {@code slug} may be null when unknown. */
  public static ConflictException slugTaken(String slug) {
    return new ConflictException(
        "knowledge_base_slug_taken",
        "a knowledge base with " + (slug == null ? "this slug" : "slug " + slug) + " exists");
  }

  /**
   * A slug another writer took first; a provider or model deleted between the service's check and
   * the insert.
   */
  @Override
  protected MainspringException translate(IntegrityViolation violation, KnowledgeBase kb) {
    if (violation.is(Kind.DUPLICATE, "knowledge_bases_slug_key")) {
      return slugTaken(kb == null ? null : kb.getSlug());
    }
    if (violation.kind() == Kind.MISSING_REFERENCE) {
      return new InvalidRequestException(
          "unknown_reference",
          "a provider, model or schema profile the knowledge base names was deleted meanwhile");
    }
    return null;
  }

  @Override
  protected UUID idOf(KnowledgeBase kb) {
    return kb.getId();
  }
}
