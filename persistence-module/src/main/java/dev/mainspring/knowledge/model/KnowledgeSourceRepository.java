package dev.mainspring.knowledge.model;

import dev.mainspring.platform.error.MainspringException;
import dev.mainspring.platform.error.NotFoundException;
import dev.mainspring.platform.model.IntegrityViolation;
import dev.mainspring.platform.model.IntegrityViolation.Kind;
import dev.mainspring.platform.model.JpaRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * Sources of knowledge bases; not-found code {@code source_not_found}. A source is always read
 * within its knowledge base, so an id of another knowledge base answers as an unknown one.
 */
@ApplicationScoped
public class KnowledgeSourceRepository extends JpaRepository<KnowledgeSource> {

  public KnowledgeSourceRepository() {
    super(KnowledgeSource.class, "source");
  }

  /** The knowledge base's sources, oldest first. */
  public List<KnowledgeSource> listIn(UUID knowledgeBaseId) {
    return em.createQuery(
            "select s from KnowledgeSource s where s.knowledgeBaseId = :kb order by s.id",
            KnowledgeSource.class)
        .setParameter("kb", knowledgeBaseId)
        .getResultList();
  }

  /** The source if it belongs to the knowledge base; 404 {@code source_not_found} if not. */
  public KnowledgeSource getIn(UUID knowledgeBaseId, UUID id) {
    KnowledgeSource source = find(id).orElse(null);
    if (source == null || !source.getKnowledgeBaseId().equals(knowledgeBaseId)) {
      throw NotFoundException.of("source", id);
    }
    return source;
  }

  /** A knowledge base deleted between the service's check and the insert. */
  @Override
  protected MainspringException translate(IntegrityViolation violation, KnowledgeSource source) {
    if (violation.kind() == Kind.MISSING_REFERENCE) {
      return new NotFoundException(
          "knowledge_base_not_found", "the knowledge base was deleted meanwhile");
    }
    return null;
  }

  @Override
  protected UUID idOf(KnowledgeSource source) {
    return source.getId();
  }
}
