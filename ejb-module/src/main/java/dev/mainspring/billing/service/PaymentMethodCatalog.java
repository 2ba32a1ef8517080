package dev.mainspring.billing.service;

import dev.mainspring.platform.error.InvalidRequestException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The payment methods offered per country, kept as data in {@code payment-methods.json} beside this
 * class: regions (groups of ISO 3166-1 alpha-2 countries), methods (each offered in listed
 * countries, or everywhere with {@code "*"}), presets (method sets to start from) and the default
 * country for a client whose country cannot be told. A country is known when a region lists it.
 *
 * <pre>{@code
 * PaymentMethodCatalog catalog = PaymentMethodCatalog.standard();
 * catalog.methodsIn("NL");          // card, apple_pay, google_pay, sepa_debit, ideal, klarna
 * catalog.offered("ideal", "BE");   // false
 * catalog.detect(null, null, "de-AT,de;q=0.9"); // AT from accept-language
 * }</pre>
 */
public final class PaymentMethodCatalog {

  /** Everywhere, in a method's country list. */
  static final String EVERYWHERE = "*";

  private static final Pattern COUNTRY = Pattern.compile("[A-Za-z]{2}");

  /** A group of countries. */
  public record Region(String code, String name, List<String> countries) {}

  /** A way to pay, offered in {@code countries} ({@code ["*"]}: everywhere). */
  public record Method(String id, String name, String kind, List<String> countries) {

    boolean offeredIn(String country) {
      return countries.contains(EVERYWHERE) || countries.contains(country);
    }
  }

  /** A named set of methods to start from. */
  public record Preset(String id, String name, String description, List<String> methods) {}

  /** A country told from a request, and what told it. */
  public record Detected(String countryCode, String source) {}

  private final String defaultCountry;
  private final List<Region> regions;
  private final Map<String, Method> methods;
  private final List<Preset> presets;
  private final Map<String, Region> regionOfCountry = new LinkedHashMap<>();

  private PaymentMethodCatalog(
      String defaultCountry, List<Region> regions, List<Method> methods, List<Preset> presets) {
    this.regions = List.copyOf(regions);
    this.methods = new LinkedHashMap<>();
    methods.forEach(method -> this.methods.put(method.id(), method));
    this.presets = List.copyOf(presets);
    for (Region region : regions) {
      for (String country : region.countries()) {
        if (regionOfCountry.putIfAbsent(country, region) != null) {
          throw new IllegalStateException(country + " is in two regions");
        }
      }
    }
    for (Method method : methods) {
      for (String country : method.countries()) {
        if (!EVERYWHERE.equals(country) && !regionOfCountry.containsKey(country)) {
          throw new IllegalStateException(method.id() + " names " + country + ", in no region");
        }
      }
    }
    for (Preset preset : presets) {
      for (String method : preset.methods()) {
        if (!this.methods.containsKey(method)) {
          throw new IllegalStateException(preset.id() + " names the unknown method " + method);
        }
      }
    }
    if (!regionOfCountry.containsKey(defaultCountry)) {
      throw new IllegalStateException("the default country " + defaultCountry + " is in no region");
    }
    this.defaultCountry = defaultCountry;
  }

  /** The catalog of {@code payment-methods.json}. */
  public static PaymentMethodCatalog standard() {
    try (InputStream data =
        PaymentMethodCatalog.class.getResourceAsStream("payment-methods.json")) {
      if (data == null) {
        throw new IllegalStateException("payment-methods.json is missing");
      }
      return parse(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A catalog from its JSON.
   *
   * @throws IllegalStateException when the data contradicts itself (a country in two regions, a
   *     method or preset naming what is not there)
   */
  static PaymentMethodCatalog parse(InputStream json) {
    try (JsonReader reader = Json.createReader(json)) {
      JsonObject root = reader.readObject();
      List<Region> regions = new ArrayList<>();
      for (JsonValue value : root.getJsonArray("regions")) {
        JsonObject r = value.asJsonObject();
        regions.add(new Region(r.getString("code"), r.getString("name"), strings(r, "countries")));
      }
      List<Method> methods = new ArrayList<>();
      for (JsonValue value : root.getJsonArray("methods")) {
        JsonObject m = value.asJsonObject();
        methods.add(
            new Method(
                m.getString("id"),
                m.getString("name"),
                m.getString("kind"),
                strings(m, "countries")));
      }
      List<Preset> presets = new ArrayList<>();
      for (JsonValue value : root.getJsonArray("presets")) {
        JsonObject p = value.asJsonObject();
        presets.add(
            new Preset(
                p.getString("id"),
                p.getString("name"),
                p.getString("description"),
                strings(p, "methods")));
      }
      return new PaymentMethodCatalog(root.getString("default_country"), regions, methods, presets);
    }
  }

  private static List<String> strings(JsonObject object, String member) {
    return object.getJsonArray(member).getValuesAs(JsonString.class).stream()
        .map(JsonString::getString)
        .toList();
  }

  public List<Region> regions() {
    return regions;
  }

  public List<Method> methods() {
    return List.copyOf(methods.values());
  }

  public List<Preset> presets() {
    return presets;
  }

  /** The country assumed when a request tells none. */
  public String defaultCountry() {
    return defaultCountry;
  }

  /**
   * The country code in upper case; 400 {@code unknown_country} when it is no two-letter code of a
   * country in a region.
   */
  public String country(String code) {
    return known(code)
        .orElseThrow(
            () ->
                new InvalidRequestException(
                    "unknown_country",
                    "country_code must be the ISO 3166-1 alpha-2 code of a country payments are"
                        + " offered in; GET /api/billing/payment-methods/regions lists them"));
  }

  /** The region a known country is in. */
  public Region regionOf(String country) {
    return regionOfCountry.get(country(country));
  }

  /** The methods offered in a country, in catalog order; 400 {@code unknown_country}. */
  public List<Method> methodsIn(String country) {
    String code = country(country);
    return methods.values().stream().filter(method -> method.offeredIn(code)).toList();
  }

  /**
   * Whether {@code method} is offered in {@code country}: 400 {@code unknown_country} for a country
   * in no region, 400 {@code unknown_payment_method} for a method not in the catalog.
   */
  public boolean offered(String method, String country) {
    String code = country(country);
    Method known = method == null ? null : methods.get(method.strip().toLowerCase(Locale.ROOT));
    if (known == null) {
      throw new InvalidRequestException(
          "unknown_payment_method",
          "method must be the id of a payment method; GET /api/billing/payment-methods/all"
              + " lists them");
    }
    return known.offeredIn(code);
  }

  /**
   * The country of a request: {@code CF-IPCountry} (set by Cloudflare), else {@code X-Country-Code}
   * (set by another proxy), else the first region subtag of {@code Accept-Language} in order of
   * preference ({@code de-AT} is AT), else {@link #defaultCountry()}. A value naming no known
   * country ({@code XX}, {@code T1} for Tor) is passed over.
   */
  public Detected detect(String cfIpCountry, String countryCode, String acceptLanguage) {
    Optional<String> found = known(cfIpCountry);
    if (found.isPresent()) {
      return new Detected(found.get(), "cf-ipcountry");
    }
    found = known(countryCode);
    if (found.isPresent()) {
      return new Detected(found.get(), "x-country-code");
    }
    for (String region : AcceptLanguage.regions(acceptLanguage)) {
      found = known(region);
      if (found.isPresent()) {
        return new Detected(found.get(), "accept-language");
      }
    }
    return new Detected(defaultCountry, "default");
  }

  private Optional<String> known(String code) {
    if (code == null || !COUNTRY.matcher(code.strip()).matches()) {
      return Optional.empty();
    }
    String upper = code.strip().toUpperCase(Locale.ROOT);
    return regionOfCountry.containsKey(upper) ? Optional.of(upper) : Optional.empty();
  }

  /** The region subtags of an {@code Accept-Language} header. */
  static final class AcceptLanguage {

    private AcceptLanguage() {}

    /**
     * The two-letter region subtags of the header's language ranges, most preferred first (by
     * {@code q}, then by order); ranges without one ({@code de}, {@code *}) are left out, as are
     * ranges of {@code q=0}.
     */
    static List<String> regions(String header) {
      if (header == null || header.isBlank()) {
        return List.of();
      }
      record Range(String region, double q, int order) {}
      List<Range> ranges = new ArrayList<>();
      String[] parts = header.split(",");
      for (int i = 0; i < parts.length && i < 50; i++) {
        String[] pieces = parts[i].strip().split(";");
        double q = 1.0;
        for (int j = 1; j < pieces.length; j++) {
          String param = pieces[j].strip();
          if (param.startsWith("q=")) {
            try {
              q = Double.parseDouble(param.substring(2));
            } catch (NumberFormatException e) {
              q = 0;
            }
          }
        }
        String[] subtags = pieces[0].strip().split("[-_]");
        for (int k = 1; k < subtags.length; k++) {
          if (COUNTRY.matcher(subtags[k]).matches()) {
            if (q > 0) {
              ranges.add(new Range(subtags[k].toUpperCase(Locale.ROOT), q, i));
            }
            break;
          }
        }
      }
      ranges.sort((a, b) -> a.q() != b.q() ? Double.compare(b.q(), a.q()) : a.order() - b.order());
      return ranges.stream().map(Range::region).toList();
    }
  }
}
