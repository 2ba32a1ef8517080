package dev.mainspring.billing.service;

import dev.mainspring.identity.service.CurrentCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Document E's {@code /api/billing/payment-methods} group: which payment methods are offered where,
 * from the static {@link PaymentMethodCatalog}. Every signed-in caller may read it, with or without
 * an organization; an API key needs {@code billing:read}. Reads no database.
 */
@ApplicationScoped
public class PaymentMethodService {

  private final PaymentMethodCatalog catalog = PaymentMethodCatalog.standard();

  @Inject CurrentCaller currentCaller;

  /** The regions, their countries, and the country assumed when none can be told. */
  public record RegionList(String defaultCountry, List<PaymentMethodCatalog.Region> regions) {}

  /** The methods offered in one country. */
  public record CountryMethods(
      String countryCode, String region, List<PaymentMethodCatalog.Method> methods) {}

  /** A method and a country to check. */
  public record MethodCheck(String countryCode, String method) {}

  /** Whether a method is offered in a country, and what is offered there instead. */
  public record MethodCheckView(
      String countryCode, String method, boolean valid, List<String> offered) {}

  /** The country told from a request ({@code source}: which header, or {@code default}). */
  public record DetectedCountry(
      String countryCode,
      String source,
      String region,
      List<PaymentMethodCatalog.Method> methods) {}

  public RegionList regions() {
    reader();
    return new RegionList(catalog.defaultCountry(), catalog.regions());
  }

  public List<PaymentMethodCatalog.Method> all() {
    reader();
    return catalog.methods();
  }

  /** 400 {@code unknown_country} for a country in no region. */
  public CountryMethods forCountry(String countryCode) {
    reader();
    String country = catalog.country(countryCode);
    return new CountryMethods(
        country, catalog.regionOf(country).code(), catalog.methodsIn(country));
  }

  /** 400 {@code unknown_country} or {@code unknown_payment_method} for what is not known. */
  public MethodCheckView validate(MethodCheck check) {
    reader();
    MethodCheck given = check == null ? new MethodCheck(null, null) : check;
    String country = catalog.country(given.countryCode());
    boolean valid = catalog.offered(given.method(), country);
    return new MethodCheckView(
        country,
        given.method().strip().toLowerCase(java.util.Locale.ROOT),
        valid,
        catalog.methodsIn(country).stream().map(PaymentMethodCatalog.Method::id).toList());
  }

  public List<PaymentMethodCatalog.Preset> presets() {
    reader();
    return catalog.presets();
  }

  /** See {@link PaymentMethodCatalog#detect} for the order of the headers. */
  public DetectedCountry detect(String cfIpCountry, String countryCode, String acceptLanguage) {
    reader();
    PaymentMethodCatalog.Detected detected =
        catalog.detect(cfIpCountry, countryCode, acceptLanguage);
    return new DetectedCountry(
        detected.countryCode(),
        detected.source(),
        catalog.regionOf(detected.countryCode()).code(),
        catalog.methodsIn(detected.countryCode()));
  }

  private void reader() {
    currentCaller.require(BillingService.READ);
  }
}
