package dev.mainspring.platform.api;

/**
 * Tells the web edge whether the caller of the current request operates this installation, and so
 * may see details of its inside (data directory, database version, component checks) that anonymous
 * callers and tenants must not. The identity context implements it (superadmins are the operators);
 * the interface keeps the platform context from depending on identity.
 */
public interface Operators {

  /** Whether the current request's caller is an authenticated operator. */
  boolean callerIsOperator();
}
