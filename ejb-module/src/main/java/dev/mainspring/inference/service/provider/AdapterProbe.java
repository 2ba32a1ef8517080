package dev.mainspring.inference.service.provider;

import dev.mainspring.inference.model.provider.ProviderInstance;

/**
 * The check of a provider adapter that the model platform does not itself speak (a vector store's
 * server), supplied by the context that owns the adapter: {@link ProviderProbe} asks the one whose
 * {@link #adapter} is the family's. Called outside any transaction; a failure is a result, with a
 * {@link ProviderError} that names neither the server nor its error.
 */
public interface AdapterProbe {

  /** The {@code provider_families.adapter} this probe checks. */
  String adapter();

  /** Whether the provider answers, and how fast. */
  ProviderProbe.Result probe(ProviderInstance provider);
}
