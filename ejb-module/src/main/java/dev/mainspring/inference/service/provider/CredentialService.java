package dev.mainspring.inference.service.provider;

import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.identity.service.token.TokenService;
import dev.mainspring.inference.model.provider.ProviderCredential;
import dev.mainspring.inference.model.provider.ProviderCredentialRepository;
import dev.mainspring.inference.model.provider.ProviderInstanceRepository;
import dev.mainspring.inference.service.PlatformAdmin;
import dev.mainspring.platform.error.ConflictException;
import dev.mainspring.platform.error.NotFoundException;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * ModelOps saved credentials (document C's {@code /v1/modelops/credentials}): superadmins save
 * provider secrets once and providers refer to them as {@code modelops://credential/<id>}. Secrets
 * are encrypted under the master key and leave the server only towards the provider they
 * authenticate to ({@link #resolve}).
 */
@Stateless
public class CredentialService {

  @Inject CurrentCaller currentCaller;
  @Inject ProviderCredentialRepository credentials;
  @Inject ProviderInstanceRepository providers;
  @Inject TokenService tokens;

  public CredentialView create(@NotNull @Valid NewCredential request) {
    Caller caller = superadmin();
    if (credentials.findByName(request.name()).isPresent()) {
      throw ProviderCredentialRepository.nameTaken();
    }
    ProviderCredential credential =
        new ProviderCredential(
            request.name(),
            request.description(),
            tokens.masterKey().encrypt(request.secret().getBytes(StandardCharsets.UTF_8)),
            tokens.masterKey().id(),
            caller.userId());
    credentials.add(credential);
    credentials.flush();
    return CredentialView.of(credential);
  }

  public List<CredentialView> list() {
    superadmin();
    return credentials.listAll().stream().map(CredentialView::of).toList();
  }

  public void delete(@NotNull UUID id) {
    superadmin();
    ProviderCredential credential = credentials.get(id);
    if (providers.countUsingCredential(credential.ref()) > 0) {
      throw new ConflictException(
          "credential_in_use", "a provider instance uses this credential; change it first");
    }
    credentials.remove(credential);
  }

  /**
   * The secret a {@code modelops://credential/<id>} reference stands for, for the adapter that
   * calls the provider. Never hand it to a client.
   */
  public String resolve(@NotNull String ref) {
    return find(ref)
        .orElseThrow(
            () ->
                new NotFoundException(
                    "credential_unreadable",
                    "the credential reference is malformed, unknown, or saved under another"
                        + " master key"));
  }

  /**
   * {@link #resolve} without an exception: empty when the reference is malformed or unknown, or the
   * secret was saved under another master key. For callers that report the problem themselves (a
   * provider probe), since a thrown domain error would roll their transaction back.
   */
  public Optional<String> find(@NotNull String ref) {
    if (!ref.startsWith(ProviderCredential.REF_PREFIX)) {
      return Optional.empty();
    }
    UUID id;
    try {
      id = UUID.fromString(ref.substring(ProviderCredential.REF_PREFIX.length()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return credentials
        .find(id)
        .filter(credential -> credential.getMasterKeyId().equals(tokens.masterKey().id()))
        .map(
            credential ->
                new String(
                    tokens.masterKey().decrypt(credential.getEncryptedSecret()),
                    StandardCharsets.UTF_8));
  }

  private Caller superadmin() {
    return PlatformAdmin.require(currentCaller.get());
  }
}
