package dev.mainspring.knowledge.service;

import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.inference.service.Versions;
import dev.mainspring.knowledge.model.KnowledgeBase;
import dev.mainspring.knowledge.model.KnowledgeBaseRepository;
import dev.mainspring.knowledge.model.KnowledgeSource;
import dev.mainspring.knowledge.model.KnowledgeSourceRepository;
import dev.mainspring.platform.error.InvalidRequestException;
import dev.mainspring.platform.service.Jsons;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Knowledge sources (document C): {@code local_directory} sources under the roots {@code
 * CONTEXT_SOURCE_ROOTS} allows, with fnmatch-style globs ({@link Globs}). Admins read, superadmins
 * write. Syncing them is {@link SyncJob}.
 */
@Stateless
public class SourceService {

  @Inject CurrentCaller currentCaller;
  @Inject KnowledgeBaseRepository knowledgeBases;
  @Inject KnowledgeSourceRepository sources;

  @Inject
  @ConfigProperty(name = "CONTEXT_SOURCE_ROOTS")
  Optional<String> rootsValue;

  private SourceRoots roots;

  @PostConstruct
  void init() {
    roots = SourceRoots.parse(rootsValue.orElse(null));
  }

  public List<SourceView> list(@NotNull UUID knowledgeBaseId) {
    ContextAccess.reader(currentCaller.get());
    knowledgeBases.get(knowledgeBaseId);
    return sources.listIn(knowledgeBaseId).stream().map(SourceView::of).toList();
  }

  /** A new source; 400 with the codes of {@link SourceRoots#check} and {@link Globs#check}. */
  public SourceView create(@NotNull UUID knowledgeBaseId, @NotNull @Valid SourceRequest request) {
    Caller caller = ContextAccess.writer(currentCaller.get());
    KnowledgeBase kb = knowledgeBases.get(knowledgeBaseId);
    KnowledgeSource source =
        new KnowledgeSource(kb.getId(), sourceType(request.sourceType()), caller.userId());
    describe(source, request, KnowledgeBase.ACTIVE);
    sources.add(source);
    return SourceView.of(source);
  }

  /** Replaces the source's fields (its type stays); a stale {@code expectedVersion} is 412. */
  public SourceView replace(
      @NotNull UUID knowledgeBaseId,
      @NotNull UUID sourceId,
      @NotNull @Valid SourceRequest request,
      Long expectedVersion) {
    ContextAccess.writer(currentCaller.get());
    knowledgeBases.get(knowledgeBaseId);
    KnowledgeSource source = sources.getIn(knowledgeBaseId, sourceId);
    Versions.check("source " + sourceId, source.getVersion(), expectedVersion);
    if (request.sourceType() != null && !request.sourceType().equals(source.getSourceType())) {
      throw new InvalidRequestException(
          "invalid_source_type", "a source's type is fixed; create another source instead");
    }
    describe(source, request, source.getLifecycleState());
    source.touch();
    sources.save(source);
    return SourceView.of(source);
  }

  /** Deletes the source; the documents it made stay, no longer tied to a source (V15). */
  public void delete(@NotNull UUID knowledgeBaseId, @NotNull UUID sourceId, Long expectedVersion) {
    ContextAccess.writer(currentCaller.get());
    knowledgeBases.get(knowledgeBaseId);
    KnowledgeSource source = sources.getIn(knowledgeBaseId, sourceId);
    Versions.check("source " + sourceId, source.getVersion(), expectedVersion);
    sources.remove(source);
  }

  private void describe(KnowledgeSource source, SourceRequest request, String defaultState) {
    String path = roots.check(request.path());
    List<String> include = Globs.check("include_globs", request.includeGlobs());
    List<String> exclude = Globs.check("exclude_globs", request.excludeGlobs());
    String state = request.lifecycleState() == null ? defaultState : request.lifecycleState();
    if (!KnowledgeBase.ACTIVE.equals(state) && !KnowledgeBase.ARCHIVED.equals(state)) {
      throw new InvalidRequestException(
          "invalid_lifecycle_state", "lifecycle_state must be active or archived");
    }
    source.describe(request.displayName(), path, json(include), json(exclude), state);
  }

  private static String sourceType(String requested) {
    if (requested == null || KnowledgeSource.LOCAL_DIRECTORY.equals(requested)) {
      return KnowledgeSource.LOCAL_DIRECTORY;
    }
    throw new InvalidRequestException(
        "invalid_source_type", "source_type must be " + KnowledgeSource.LOCAL_DIRECTORY);
  }

  private static String json(List<String> globs) {
    JsonArrayBuilder array = Jsons.array();
    globs.forEach(array::add);
    return array.build().toString();
  }
}
