package dev.mainspring.inference.model.provider;

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

  @Override
  protected UUID idOf(ProviderCredential credential) {
    return credential.getId();
  }
}
