package dev.mainspring.identity.service.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Password hashing at the configured PBKDF2 iteration count ({@code
 * mainspring.auth.pbkdf2-iterations}, OWASP's 600,000 by default). Checking against no stored hash
 * still costs one hash, so an unknown account answers as slowly as a wrong password.
 */
@ApplicationScoped
public class PasswordHashing {

  private final PasswordHasher hasher;
  private final String dummyHash;

  @Inject
  public PasswordHashing(
      @ConfigProperty(name = "mainspring.auth.pbkdf2-iterations", defaultValue = "600000")
          int iterations) {
    this.hasher = new PasswordHasher(iterations);
    this.dummyHash = hasher.hash("no account has this password".toCharArray());
  }

  protected PasswordHashing() {
    this.hasher = null;
    this.dummyHash = null;
  }

  public String hash(String password) {
    return hasher.hash(password.toCharArray());
  }

  /** Whether {@code password} matches {@code encoded}; a null hash never matches. */
  public boolean matches(String password, String encoded) {
    boolean matches = hasher.matches(password.toCharArray(), encoded == null ? dummyHash : encoded);
    return encoded != null && matches;
  }

  public boolean needsRehash(String encoded) {
    return hasher.needsRehash(encoded);
  }
}
