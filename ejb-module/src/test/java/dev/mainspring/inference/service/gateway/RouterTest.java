package dev.mainspring.inference.service.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.identity.model.OrgRole;
import dev.mainspring.identity.service.Caller;
import dev.mainspring.inference.model.modelops.ModelAccess;
import dev.mainspring.inference.model.provider.ProviderFamily;
import dev.mainspring.inference.model.provider.ProviderInstance;
import dev.mainspring.inference.service.modelops.ModelAccessPolicy;
import dev.mainspring.platform.error.MainspringException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Routing from a snapshot alone: which model a call gets, and what it is told when none. */
class RouterTest {

  private final Router router = new Router(new ModelAccessPolicy());
  private final Caller member =
      new Caller(UUID.randomUUID(), UUID.randomUUID(), OrgRole.MEMBER, false, null, Set.of());

  private static final ModelAccess CLOSED = closed();

  private final RuntimeSnapshot.Model chat = model("chat", null);
  private final RuntimeSnapshot.Model other = model("other", null);
  private final RuntimeSnapshot.Model secret = model("secret", CLOSED);
  private final RuntimeSnapshot.Model embed = model("embed", null);

  private static ModelAccess closed() {
    ModelAccess access = new ModelAccess(UUID.randomUUID());
    access.set(ModelAccess.NOBODY, List.of(), null);
    return access;
  }

  private static RuntimeSnapshot.Model model(String key, ModelAccess access) {
    return new RuntimeSnapshot.Model(
        UUID.randomUUID(), key, key.toUpperCase(), "llm_inference", key + "-v1", 8192, 1L, access);
  }

  private static RuntimeSnapshot.Bound bound(
      String origin,
      boolean enabled,
      Optional<RuntimeSnapshot.Model> defaultModel,
      RuntimeSnapshot.Model... models) {
    ProviderInstance provider = new ProviderInstance("p-" + origin, "fam-" + origin);
    provider.setEnabled(enabled);
    ProviderFamily family =
        new ProviderFamily("fam-" + origin, "Family", "llm_inference", origin, "openai", "");
    return new RuntimeSnapshot.Bound(provider, family, List.of(models), defaultModel);
  }

  private RuntimeSnapshot snapshot(boolean offline, RuntimeSnapshot.Bound llm) {
    return new RuntimeSnapshot(
        offline,
        UUID.randomUUID(),
        "local-default",
        Map.of(
            Gateway.LLM, llm, Gateway.EMBEDDINGS, bound("local", true, Optional.of(embed), embed)));
  }

  private RuntimeSnapshot serving() {
    return snapshot(false, bound("local", true, Optional.of(chat), chat, other, secret));
  }

  private static String code(Runnable call) {
    return assertThrows(MainspringException.class, call::run).code();
  }

  @Test
  void namedModelIsServedByItsBinding() {
    Router.Route route = router.route(serving(), member, Gateway.LLM, "other", "chat");
    assertEquals("other", route.model().key());
    assertEquals("p-local", route.bound().provider().getSlug());
  }

  @Test
  void withoutAModelTheUsersDefaultComesBeforeTheBindingsDefault() {
    assertEquals(
        "other", router.route(serving(), member, Gateway.LLM, null, "other").model().key());
    assertEquals("chat", router.route(serving(), member, Gateway.LLM, null, null).model().key());
  }

  @Test
  void aUserDefaultTheCallerMayNoLongerUseFallsBackToTheBindingsDefault() {
    assertEquals(
        "chat", router.route(serving(), member, Gateway.LLM, null, "secret").model().key());
    assertEquals("chat", router.route(serving(), member, Gateway.LLM, null, "gone").model().key());
  }

  @Test
  void aModelTheCallerMayNotUseAnswersLikeOneThatDoesNotExist() {
    MainspringException hidden =
        assertThrows(
            MainspringException.class,
            () -> router.route(serving(), member, Gateway.LLM, "secret", null));
    MainspringException missing =
        assertThrows(
            MainspringException.class,
            () -> router.route(serving(), member, Gateway.LLM, "nope", null));
    assertEquals(404, hidden.status());
    assertEquals("model_not_found", hidden.code());
    assertEquals(missing.status(), hidden.status());
    assertEquals(missing.code(), hidden.code());
    Caller superadmin = new Caller(UUID.randomUUID(), null, null, true, null, Set.of());
    assertEquals(
        "secret", router.route(serving(), superadmin, Gateway.LLM, "secret", null).model().key());
  }

  @Test
  void aModelOfAnotherCapabilityIsNotFound() {
    assertEquals(
        "model_not_found", code(() -> router.route(serving(), member, Gateway.LLM, "embed", null)));
  }

  @Test
  void withoutAnyDefaultTheCallerMustNameAModel() {
    RuntimeSnapshot noDefault =
        snapshot(false, bound("local", true, Optional.empty(), chat, other));
    assertEquals(
        "model_required", code(() -> router.route(noDefault, member, Gateway.LLM, null, null)));
    RuntimeSnapshot closedDefault =
        snapshot(false, bound("local", true, Optional.of(secret), secret, chat));
    assertEquals(
        "model_required", code(() -> router.route(closedDefault, member, Gateway.LLM, null, null)));
  }

  @Test
  void anUnboundCapabilityIsUnavailable() {
    RuntimeSnapshot none = new RuntimeSnapshot(false, null, null, Map.of());
    MainspringException e =
        assertThrows(
            MainspringException.class, () -> router.route(none, member, Gateway.LLM, "chat", null));
    assertEquals(503, e.status());
    assertEquals("capability_unavailable", e.code());
  }

  @Test
  void aDisabledProviderIsUnavailable() {
    RuntimeSnapshot disabled = snapshot(false, bound("local", false, Optional.of(chat), chat));
    assertEquals(
        "provider_disabled", code(() -> router.route(disabled, member, Gateway.LLM, "chat", null)));
  }

  @Test
  void offlineACloudProviderIsBlockedAndItsModelsAreNotListed() {
    RuntimeSnapshot offline = snapshot(true, bound("cloud", true, Optional.of(chat), chat));
    assertEquals(
        "offline_provider_blocked",
        code(() -> router.route(offline, member, Gateway.LLM, "chat", null)));
    assertEquals(
        List.of("embed"),
        router.available(offline, member).stream().map(GatewayModel::key).toList());

    RuntimeSnapshot online = snapshot(false, bound("cloud", true, Optional.of(chat), chat));
    assertEquals("chat", router.route(online, member, Gateway.LLM, "chat", null).model().key());
  }

  @Test
  void availableListsChatModelsFirstWithoutHiddenOnesAndMarksEachDefault() {
    List<GatewayModel> models = router.available(serving(), member);
    assertEquals(
        List.of("chat", "other", "embed"), models.stream().map(GatewayModel::key).toList());
    assertTrue(models.get(0).isDefault());
    assertFalse(models.get(1).isDefault());
    assertTrue(models.get(2).isDefault());
    assertEquals("local", models.get(0).providerOrigin());
  }
}
