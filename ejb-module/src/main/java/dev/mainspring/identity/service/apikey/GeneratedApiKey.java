package dev.mainspring.identity.service.apikey;

/**
 * A key just made by {@link ApiKeys#generate()}: the whole {@code secret} to show once, the public
 * {@code prefix} and the hex SHA-256 {@code hash} to store. {@link #toString()} leaves the secret
 * out, so the key cannot end up in a log by accident.
 */
public record GeneratedApiKey(String secret, String prefix, String hash) {

  @Override
  public String toString() {
    return "GeneratedApiKey[prefix=" + prefix + ", hash=" + hash + "]";
  }
}
