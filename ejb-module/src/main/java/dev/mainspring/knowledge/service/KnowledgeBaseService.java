package dev.mainspring.knowledge.service;

import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.inference.model.modelops.ManagedModel;
import dev.mainspring.inference.model.modelops.ManagedModelRepository;
import dev.mainspring.inference.model.provider.ProviderFamily;
import dev.mainspring.inference.model.provider.ProviderFamilyRepository;
import dev.mainspring.inference.model.provider.ProviderInstance;
import dev.mainspring.inference.model.provider.ProviderInstanceRepository;
import dev.mainspring.inference.service.Versions;
import dev.mainspring.inference.service.embeddings.BuiltinEmbeddings;
import dev.mainspring.inference.service.modelops.BuiltinModels;
import dev.mainspring.knowledge.model.KnowledgeBase;
import dev.mainspring.knowledge.model.KnowledgeBaseRepository;
import dev.mainspring.knowledge.model.KnowledgeDocumentRepository;
import dev.mainspring.knowledge.model.SchemaProfile;
import dev.mainspring.knowledge.model.SchemaProfileRepository;
import dev.mainspring.platform.error.ConflictException;
import dev.mainspring.platform.error.InvalidRequestException;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Managed knowledge bases ({@code /v1/context/knowledge-bases}): installation-wide records that
 * admins read and superadmins write. Each lives in one vector_store provider instance and keeps the
 * chunking, vectorization and schema it was created with: vectors and chunks made under one setting
 * would not match those of another, so a change is refused (409) and the way to another setting is
 * a new knowledge base.
 */
@Stateless
public class KnowledgeBaseService {

  static final String EMBEDDINGS = "embeddings";

  @Inject CurrentCaller currentCaller;
  @Inject KnowledgeBaseRepository knowledgeBases;
  @Inject KnowledgeDocumentRepository documents;
  @Inject SchemaProfileRepository profiles;
  @Inject ProviderInstanceRepository providers;
  @Inject ProviderFamilyRepository families;
  @Inject ManagedModelRepository models;

  public List<KnowledgeBaseView> list() {
    ContextAccess.reader(currentCaller.get());
    return knowledgeBases.listAll().stream().map(this::view).toList();
  }

  /** 404 {@code knowledge_base_not_found} for an unknown id. */
  public KnowledgeBaseView get(@NotNull UUID id) {
    ContextAccess.reader(currentCaller.get());
    return view(knowledgeBases.get(id));
  }

  /**
   * Creates an active, ready knowledge base. 400 with {@code unknown_provider}, {@code
   * provider_not_vector_store}, {@code invalid_chunking}, {@code invalid_vectorization}, {@code
   * unknown_schema_profile}, {@code schema_profile_family_mismatch} or {@code
   * invalid_lifecycle_state} for bad input; 409 {@code knowledge_base_slug_taken}.
   */
  public KnowledgeBaseView create(@NotNull @Valid KnowledgeBaseRequest request) {
    Caller caller = ContextAccess.writer(currentCaller.get());
    if (request.providerId() == null) {
      throw new InvalidRequestException(
          "unknown_provider", "provider_id (a vector_store provider instance) is required");
    }
    ProviderInstance provider = vectorStoreProvider(request.providerId());
    Vectorization vectorization = Vectorization.check(request.vectorization());
    Chunking chunking = Chunking.check(request.chunking());
    checkEmbeddingsTarget(vectorization, chunking);
    SchemaProfile profile = schemaProfile(request.schemaProfileId(), provider.getFamilyKey());
    String state = lifecycleState(request.lifecycleState(), KnowledgeBase.ACTIVE);
    requireFreeSlug(request.slug(), null);
    KnowledgeBase kb =
        new KnowledgeBase(
            provider.getId(),
            chunking.strategy(),
            chunking.chunkLength(),
            chunking.chunkOverlap(),
            vectorization.mode(),
            vectorization.embeddingsProviderId(),
            vectorization.embeddingsResourceId(),
            caller.userId());
    kb.describe(request.slug(), request.displayName(), request.description(), state);
    kb.useSchema(profile == null ? null : profile.getId(), schemaJson(profile));
    knowledgeBases.add(kb);
    return view(kb);
  }

  /**
   * Changes the slug, display name, description and lifecycle state. The create-time fields may be
   * repeated unchanged; a different value is 409 ({@code provider_immutable}, {@code
   * chunking_immutable}, {@code vectorization_immutable}, {@code schema_immutable}) and changes
   * nothing. A stale {@code expectedVersion} is 412.
   */
  public KnowledgeBaseView replace(
      @NotNull UUID id, @NotNull @Valid KnowledgeBaseRequest request, Long expectedVersion) {
    ContextAccess.writer(currentCaller.get());
    KnowledgeBase kb = knowledgeBases.get(id);
    Versions.check("knowledge base " + id, kb.getVersion(), expectedVersion);
    if (request.providerId() != null && !request.providerId().equals(kb.getProviderId())) {
      throw immutable("provider", "the vector-store provider");
    }
    if (request.chunking() != null
        && !Chunking.check(request.chunking()).equals(KnowledgeBaseView.chunking(kb))) {
      throw immutable("chunking", "chunking");
    }
    if (request.vectorization() != null
        && !Vectorization.check(request.vectorization()).equals(vectorization(kb))) {
      throw immutable("vectorization", "vectorization");
    }
    if (request.schemaProfileId() != null
        && !request.schemaProfileId().equals(kb.getSchemaProfileId())) {
      throw immutable("schema", "the schema");
    }
    String state = lifecycleState(request.lifecycleState(), kb.getLifecycleState());
    requireFreeSlug(request.slug(), id);
    kb.describe(request.slug(), request.displayName(), request.description(), state);
    kb.touch();
    knowledgeBases.save(kb);
    return view(kb);
  }

  /** Deletes the knowledge base; a stale {@code expectedVersion} is 412. */
  public void delete(@NotNull UUID id, Long expectedVersion) {
    ContextAccess.writer(currentCaller.get());
    KnowledgeBase kb = knowledgeBases.get(id);
    Versions.check("knowledge base " + id, kb.getVersion(), expectedVersion);
    knowledgeBases.remove(kb);
    // Documents and chunks go with it (on delete cascade); the change drops its vector indexes.
    documents.appendChange(id, null);
  }

  private ProviderInstance vectorStoreProvider(UUID id) {
    ProviderInstance provider =
        providers
            .find(id)
            .orElseThrow(
                () ->
                    new InvalidRequestException(
                        "unknown_provider", "there is no provider instance " + id));
    ProviderFamily family = families.get(provider.getFamilyKey());
    if (!SchemaProfileService.VECTOR_STORE.equals(family.getCapability())) {
      throw new InvalidRequestException(
          "provider_not_vector_store",
          "provider "
              + provider.getSlug()
              + " serves "
              + family.getCapability()
              + "; a knowledge base lives in a vector_store provider");
    }
    return provider;
  }

  /**
   * For platform embeddings: the provider serves embeddings, the model is an embeddings model of
   * that provider, and a chunk fits the model's context window when the model states one.
   */
  private void checkEmbeddingsTarget(Vectorization vectorization, Chunking chunking) {
    if (!Vectorization.PLATFORM_EMBEDDINGS.equals(vectorization.mode())) {
      return;
    }
    UUID providerId = vectorization.embeddingsProviderId();
    ProviderInstance provider =
        providers
            .find(providerId)
            .orElseThrow(
                () -> Vectorization.invalid("there is no provider instance " + providerId));
    if (!EMBEDDINGS.equals(families.get(provider.getFamilyKey()).getCapability())) {
      throw Vectorization.invalid("provider " + provider.getSlug() + " does not serve embeddings");
    }
    UUID modelId = vectorization.embeddingsResourceId();
    ManagedModel model =
        models
            .find(modelId)
            .orElseThrow(() -> Vectorization.invalid("there is no managed model " + modelId));
    if (!EMBEDDINGS.equals(model.getCapability())
        || !Objects.equals(model.getProviderId(), provider.getId())) {
      throw Vectorization.invalid(
          "model "
              + model.getModelKey()
              + " is not an embeddings model of provider "
              + provider.getSlug());
    }
    Integer window = inputLimit(model);
    if (window != null && chunking.chunkLength() > window) {
      throw Chunking.invalid(
          "chunking.chunk_length "
              + chunking.chunkLength()
              + " exceeds the "
              + window
              + " tokens model "
              + model.getModelKey()
              + " takes");
    }
  }

  /**
   * The most tokens one input of {@code model} takes: its stated context window, or for the
   * built-in model (which states none) the word pieces its encoder keeps; null when unknown.
   */
  private static Integer inputLimit(ManagedModel model) {
    if (model.getContextWindow() != null) {
      return model.getContextWindow();
    }
    return BuiltinModels.EMBEDDINGS.equals(model.getModelKey())
        ? BuiltinEmbeddings.MAX_TEXT_PIECES
        : null;
  }

  private SchemaProfile schemaProfile(UUID id, String familyKey) {
    if (id == null) {
      return profiles.findBuiltin(familyKey).orElse(null);
    }
    SchemaProfile profile =
        profiles
            .find(id)
            .orElseThrow(
                () ->
                    new InvalidRequestException(
                        "unknown_schema_profile", "there is no schema profile " + id));
    if (!profile.getProviderKey().equals(familyKey)) {
      throw new InvalidRequestException(
          "schema_profile_family_mismatch",
          "schema profile "
              + profile.getSlug()
              + " is written for "
              + profile.getProviderKey()
              + ", the provider is of family "
              + familyKey);
    }
    return profile;
  }

  private static String schemaJson(SchemaProfile profile) {
    return profile == null ? "[]" : profile.getProperties();
  }

  private static String lifecycleState(String requested, String otherwise) {
    if (requested == null) {
      return otherwise;
    }
    if (!KnowledgeBase.ACTIVE.equals(requested) && !KnowledgeBase.ARCHIVED.equals(requested)) {
      throw new InvalidRequestException(
          "invalid_lifecycle_state", "lifecycle_state must be active or archived");
    }
    return requested;
  }

  private static Vectorization vectorization(KnowledgeBase kb) {
    return new Vectorization(
        kb.getVectorizationMode(), kb.getEmbeddingsProviderId(), kb.getEmbeddingsModelId());
  }

  private static ConflictException immutable(String field, String what) {
    return new ConflictException(
        field + "_immutable",
        what + " of a knowledge base is fixed at creation; create a new knowledge base instead");
  }

  private void requireFreeSlug(String slug, UUID exceptId) {
    knowledgeBases
        .findBySlug(slug)
        .filter(other -> !other.getId().equals(exceptId))
        .ifPresent(
            other -> {
              throw KnowledgeBaseRepository.slugTaken(slug);
            });
  }

  private KnowledgeBaseView view(KnowledgeBase kb) {
    String providerKey =
        providers.find(kb.getProviderId()).map(ProviderInstance::getFamilyKey).orElse(null);
    String modelKey =
        kb.getEmbeddingsModelId() == null
            ? null
            : models.find(kb.getEmbeddingsModelId()).map(ManagedModel::getModelKey).orElse(null);
    return KnowledgeBaseView.of(kb, providerKey, modelKey);
  }
}
