package dev.mainspring.inference.service.modelops;

/** Names of what ships inside Mainspring. */
public final class BuiltinModels {

  /** The built-in embeddings model's id, at its provider and (by default) to clients. */
  public static final String EMBEDDINGS = "all-minilm-l6-v2";

  /** The slug of the seeded built-in embeddings provider instance. */
  public static final String PROVIDER_SLUG = "builtin-embeddings";

  private BuiltinModels() {}
}
