package dev.mainspring.billing.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.platform.error.InvalidRequestException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The payment-method catalog: its data holds together, and it answers per country. */
class PaymentMethodCatalogTest {

  private final PaymentMethodCatalog catalog = PaymentMethodCatalog.standard();

  private List<String> idsIn(String country) {
    return catalog.methodsIn(country).stream().map(PaymentMethodCatalog.Method::id).toList();
  }

  @Test
  void cardIsOfferedInEveryKnownCountry() {
    for (PaymentMethodCatalog.Region region : catalog.regions()) {
      for (String country : region.countries()) {
        assertTrue(catalog.offered("card", country), country);
      }
    }
  }

  @Test
  void localMethodsAreOfferedOnlyWhereTheyWork() {
    assertTrue(idsIn("NL").containsAll(List.of("card", "sepa_debit", "ideal")));
    assertTrue(idsIn("BE").containsAll(List.of("card", "sepa_debit", "bancontact")));
    assertFalse(idsIn("BE").contains("ideal"));
    assertFalse(idsIn("US").contains("sepa_debit"));
    assertTrue(catalog.offered("sepa_debit", "de"), "codes are case-insensitive");
    assertFalse(catalog.offered("ideal", "DE"));
    assertTrue(catalog.offered(" PIX ", "BR"));
    assertEquals("europe", catalog.regionOf("nl").code());
  }

  @Test
  void unknownCountriesAndMethodsAreRefusedWithStableCodes() {
    for (String country : new String[] {"ZZ", "USA", "1A", "", null}) {
      assertEquals(
          "unknown_country",
          assertThrows(InvalidRequestException.class, () -> catalog.methodsIn(country)).code());
    }
    assertEquals(
        "unknown_country",
        assertThrows(InvalidRequestException.class, () -> catalog.offered("card", "ZZ")).code());
    assertEquals(
        "unknown_payment_method",
        assertThrows(InvalidRequestException.class, () -> catalog.offered("bitcoin", "US")).code());
    assertEquals(
        "unknown_payment_method",
        assertThrows(InvalidRequestException.class, () -> catalog.offered(null, "US")).code());
  }

  @Test
  void theCountryIsToldByCloudflareThenTheProxyThenTheLanguageThenTheDefault() {
    assertEquals(
        new PaymentMethodCatalog.Detected("NL", "cf-ipcountry"),
        catalog.detect("nl", "DE", "fr-FR"));
    assertEquals(
        new PaymentMethodCatalog.Detected("DE", "x-country-code"),
        catalog.detect("XX", "DE", "fr-FR"),
        "Cloudflare's XX (unknown) and T1 (Tor) are passed over");
    assertEquals(
        new PaymentMethodCatalog.Detected("AT", "accept-language"),
        catalog.detect("T1", null, "de, fr-FR;q=0.5, de-AT;q=0.9"));
    assertEquals(
        new PaymentMethodCatalog.Detected("US", "default"), catalog.detect(null, "ZZ", "de, en"));
    assertEquals("US", catalog.defaultCountry());
  }

  @Test
  void acceptLanguageYieldsRegionSubtagsByPreference() {
    assertEquals(
        List.of("AT", "FR", "TW"),
        PaymentMethodCatalog.AcceptLanguage.regions(
            "zh-Hant-TW;q=0.2, de-AT, es-419;q=0.9, fr_FR;q=0.5, en-GB;q=0, *"));
    assertEquals(List.of(), PaymentMethodCatalog.AcceptLanguage.regions("de;q=abc"));
    assertEquals(List.of(), PaymentMethodCatalog.AcceptLanguage.regions(null));
  }

  @Test
  void presetsNameOnlyMethodsOfTheCatalog() {
    assertFalse(catalog.presets().isEmpty());
    for (PaymentMethodCatalog.Preset preset : catalog.presets()) {
      for (String method : preset.methods()) {
        assertTrue(catalog.methods().stream().anyMatch(m -> m.id().equals(method)), method);
      }
    }
  }

  @Test
  void dataThatContradictsItselfIsRefusedAtLoad() {
    String twoRegions =
        "{\"default_country\":\"US\",\"regions\":[{\"code\":\"a\",\"name\":\"A\","
            + "\"countries\":[\"US\"]},{\"code\":\"b\",\"name\":\"B\",\"countries\":[\"US\"]}],"
            + "\"methods\":[],\"presets\":[]}";
    String strayCountry =
        "{\"default_country\":\"US\",\"regions\":[{\"code\":\"a\",\"name\":\"A\","
            + "\"countries\":[\"US\"]}],\"methods\":[{\"id\":\"x\",\"name\":\"X\",\"kind\":\"card\","
            + "\"countries\":[\"FR\"]}],\"presets\":[]}";
    for (String json : List.of(twoRegions, strayCountry)) {
      assertThrows(
          IllegalStateException.class,
          () ->
              PaymentMethodCatalog.parse(
                  new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))));
    }
  }
}
