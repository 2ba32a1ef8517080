package dev.mainspring.identity.service.token;

import dev.mainspring.identity.model.RefreshTokenRepository;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.UUID;

/**
 * Revokes a refresh-token family in a transaction of its own, so the revocation stands although the
 * refresh that detected the reuse fails (and rolls back) with 401.
 */
@Stateless
public class RefreshTokenReuse {

  @Inject RefreshTokenRepository refreshTokens;

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void revokeFamily(UUID familyId) {
    refreshTokens.revokeFamily(familyId);
  }
}
