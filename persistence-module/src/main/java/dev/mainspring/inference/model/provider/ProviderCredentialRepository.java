package dev.mainspring.inference.model.provider;

import dev.mainspring.platform.error.ConflictException;
import dev.mainspring.platform.error.MainspringException;
import dev.mainspring.platform.model.IntegrityViolation;
import dev.mainspring.platform.model.JpaRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Saved provider credentials. */
@ApplicationScoped
public class ProviderCredentialRepository extends JpaRepository<ProviderCredential> {

  public ProviderCredentialRepository() {
    super(ProviderCredential.class, "credential");
  }

  public List<ProviderCredential> listAll() {
    return em.createQuery(
            "select c from ProviderCredential c order by c.id desc", ProviderCredential.class)
        .getResultList();
  }

  public Optional<ProviderCredential> findByName(String name) {
    return em.createQuery(
            "select c from ProviderCredential c where c.name = :name", ProviderCredential.class)
        .setParameter("name", name)
        .getResultStream()
        .findFirst();
  }

  /** 409 {@code credential_name_taken}. */
  public static ConflictException nameTaken() {
    return new ConflictException("credential_name_taken", "a credential with this name exists");
  }

  @Override
  protected MainspringException translate(
      IntegrityViolation violation, ProviderCredential credential) {
    return violation.is(IntegrityViolation.Kind.DUPLICATE, "provider_credentials_name_key")
        ? nameTaken()
        : null;
  }

  @Override
  protected UUID idOf(ProviderCredential credential) {
    return credential.getId();
  }
}
