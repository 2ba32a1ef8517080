package dev.mainspring.billing.api;

import dev.mainspring.billing.api.BillingResource.WebhookAnswer;
import dev.mainspring.billing.service.PaymentService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;

/**
 * Document E's {@code POST /api/webhooks/polar}: public, authenticated by its Standard Webhooks
 * signature, which billing verifies over the body's bytes exactly as sent.
 */
@Path("api/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class WebhookResource {

  @Inject PaymentService payments;

  @POST
  @Path("polar")
  @Consumes(MediaType.WILDCARD)
  public WebhookAnswer polar(byte[] body, @Context HttpHeaders headers) {
    boolean applied =
        payments.polarWebhook(
            new String(body, StandardCharsets.UTF_8), BillingResource.lowerCase(headers));
    return new WebhookAnswer(true, applied);
  }
}
