package dev.mainspring.identity.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.mainspring.platform.error.MainspringException;
import dev.mainspring.platform.model.IntegrityViolation;
import dev.mainspring.platform.model.IntegrityViolation.Kind;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The identity tables' constraints answer as the services' own checks do. */
class IdentityConstraintsTest {

  @Test
  void secondAccountOfAnAddressIsEmailTaken() {
    MainspringException answer =
        new UserRepository()
            .translate(new IntegrityViolation(Kind.DUPLICATE, "users_email_idx"), null);

    assertSame(UserRepository.emailTaken(), answer);
  }

  @Test
  void secondOrganizationOfASlugIsNameTaken() {
    MainspringException answer =
        new OrganizationRepository()
            .translate(new IntegrityViolation(Kind.DUPLICATE, "organizations_slug_key"), null);

    assertSame(OrganizationRepository.nameTaken(), answer);
  }

  @Test
  void secondMembershipIsAlreadyMember() {
    Membership membership = new Membership(UUID.randomUUID(), UUID.randomUUID(), OrgRole.MEMBER);

    MainspringException answer =
        MembershipRepository.translate(
            new IntegrityViolation(Kind.DUPLICATE, "memberships_pkey"), membership);

    assertSame(MembershipRepository.alreadyMember(), answer);
  }

  @Test
  void membershipOfAGoneOrganizationIsItsNotFound() {
    UUID org = UUID.randomUUID();
    Membership membership = new Membership(org, UUID.randomUUID(), OrgRole.ADMIN);

    MainspringException answer =
        MembershipRepository.translate(
            new IntegrityViolation(Kind.MISSING_REFERENCE, "memberships_org_id_fkey"), membership);

    assertEquals(404, answer.status());
    assertEquals("organization_not_found", answer.code());
    assertEquals("organization " + org + " not found", answer.getMessage());
  }

  @Test
  void constraintsOfOtherTablesAreLeftToTheGenericAnswer() {
    assertNull(
        new UserRepository()
            .translate(new IntegrityViolation(Kind.DUPLICATE, "organizations_slug_key"), null));
    assertNull(
        new OrganizationRepository()
            .translate(new IntegrityViolation(Kind.MISSING_REFERENCE, "users_email_idx"), null));
  }

  /** Same status, code and sentence: what a client can tell apart. */
  static void assertSame(MainspringException expected, MainspringException actual) {
    assertEquals(expected.status(), actual.status());
    assertEquals(expected.code(), actual.code());
    assertEquals(expected.getMessage(), actual.getMessage());
  }
}
