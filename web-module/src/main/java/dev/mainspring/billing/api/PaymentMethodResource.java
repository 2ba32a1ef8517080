package dev.mainspring.billing.api;

import dev.mainspring.billing.service.PaymentMethodCatalog;
import dev.mainspring.billing.service.PaymentMethodService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * Document E's {@code /api/billing/payment-methods} group: the static catalog of payment methods
 * per region and country, a check of one method in one country, presets, and the caller's country
 * told from the request's headers.
 */
@Path("api/billing/payment-methods")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class PaymentMethodResource {

  @Inject PaymentMethodService paymentMethods;

  /** Every payment method in the catalog. */
  public record MethodList(List<PaymentMethodCatalog.Method> methods) {}

  /** The presets. */
  public record PresetList(List<PaymentMethodCatalog.Preset> presets) {}

  @GET
  @Path("regions")
  public PaymentMethodService.RegionList regions() {
    return paymentMethods.regions();
  }

  @GET
  @Path("all")
  public MethodList all() {
    return new MethodList(paymentMethods.all());
  }

  @GET
  @Path("region/{country_code}")
  public PaymentMethodService.CountryMethods region(@PathParam("country_code") String countryCode) {
    return paymentMethods.forCountry(countryCode);
  }

  @POST
  @Path("validate")
  @Consumes(MediaType.APPLICATION_JSON)
  public PaymentMethodService.MethodCheckView validate(PaymentMethodService.MethodCheck check) {
    return paymentMethods.validate(check);
  }

  @GET
  @Path("presets")
  public PresetList presets() {
    return new PresetList(paymentMethods.presets());
  }

  @GET
  @Path("detect")
  public PaymentMethodService.DetectedCountry detect(
      @HeaderParam("CF-IPCountry") String cfIpCountry,
      @HeaderParam("X-Country-Code") String countryCode,
      @HeaderParam("Accept-Language") String acceptLanguage) {
    return paymentMethods.detect(cfIpCountry, countryCode, acceptLanguage);
  }
}
