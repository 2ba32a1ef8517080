package dev.mainspring.inference.api.gateway;

import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.inference.service.gateway.ChatCall;
import dev.mainspring.inference.service.gateway.Gateway;
import dev.mainspring.inference.service.gateway.GeneratedText;
import dev.mainspring.inference.service.gateway.RuntimeSnapshot;
import dev.mainspring.platform.api.RequestIds;
import dev.mainspring.platform.error.MainspringException;
import dev.mainspring.platform.error.NotFoundException;
import dev.mainspring.platform.service.Jsons;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

/**
 * The OpenAI-compatible gateway ({@code /v1/chat/completions}, {@code /v1/embeddings}, {@code
 * /v1/models}), answering errors in OpenAI's shape, and document C's direct inference endpoints
 * ({@code /v1/models/inference}, {@code /v1/models/generate}), which answer problem+json like the
 * rest of Mainspring. Callers authenticate with an API key or a bearer token.
 */
@Path("v1")
@ApplicationScoped
public class GatewayResource {

  private static final String EVENT_STREAM = "text/event-stream";

  @Inject Gateway gateway;
  @Inject CurrentCaller currentCaller;

  @POST
  @Path("chat/completions")
  @Produces({MediaType.APPLICATION_JSON, EVENT_STREAM})
  public Response chatCompletions(String body) {
    try {
      ChatCall call = gateway.chat(currentCaller.get(), body, RequestIds.current());
      if (!call.streamed()) {
        String answer = call.fetch();
        StreamingOutput delivery = out -> call.deliver(out, answer);
        return Response.ok(delivery, MediaType.APPLICATION_JSON_TYPE).build();
      }
      call.open();
      StreamingOutput relay = call::relayTo;
      return Response.ok(relay, EVENT_STREAM)
          .header("Cache-Control", "no-cache")
          .header("X-Accel-Buffering", "no")
          .build();
    } catch (MainspringException e) {
      return OpenAiErrors.of(e);
    }
  }

  @POST
  @Path("embeddings")
  @Produces(MediaType.APPLICATION_JSON)
  public Response embeddings(String body) {
    try {
      return Response.ok(
              gateway.embeddings(currentCaller.get(), body, RequestIds.current()),
              MediaType.APPLICATION_JSON_TYPE)
          .build();
    } catch (MainspringException e) {
      return OpenAiErrors.of(e);
    }
  }

  @GET
  @Path("models")
  @Produces(MediaType.APPLICATION_JSON)
  public Response models() {
    try {
      Caller caller = listingCaller();
      JsonArrayBuilder data = Jsons.array();
      gateway.availableModels(caller).forEach(model -> data.add(modelObject(model)));
      return Response.ok(
              Jsons.object().add("object", "list").add("data", data).build().toString(),
              MediaType.APPLICATION_JSON_TYPE)
          .build();
    } catch (MainspringException e) {
      return OpenAiErrors.of(e);
    }
  }

  @GET
  @Path("models/{model: .+}")
  @Produces(MediaType.APPLICATION_JSON)
  public Response model(@PathParam("model") String key) {
    try {
      Caller caller = listingCaller();
      RuntimeSnapshot.Model model =
          gateway.availableModels(caller).stream()
              .filter(m -> m.key().equals(key))
              .findFirst()
              .orElseThrow(
                  () ->
                      new NotFoundException(
                          "model_not_found",
                          "The model '"
                              + key
                              + "' does not exist or you do not have access to it."));
      return Response.ok(modelObject(model).build().toString(), MediaType.APPLICATION_JSON_TYPE)
          .build();
    } catch (MainspringException e) {
      return OpenAiErrors.of(e);
    }
  }

  /** Document C: one non-streamed completion, answered in Mainspring's own shape. */
  @POST
  @Path("models/inference")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public GeneratedText inference(String body) {
    return gateway.generate(currentCaller.get(), body, RequestIds.current(), false);
  }

  /** Document C: text from a prompt, answered in Mainspring's own shape. */
  @POST
  @Path("models/generate")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public GeneratedText generate(String body) {
    return gateway.generate(currentCaller.get(), body, RequestIds.current(), true);
  }

  private Caller listingCaller() {
    Caller caller = currentCaller.get();
    caller.requireOrg();
    caller.requireScope("models:read");
    return caller;
  }

  private static JsonObjectBuilder modelObject(RuntimeSnapshot.Model model) {
    return Jsons.object()
        .add("id", model.key())
        .add("object", "model")
        .add("created", model.createdEpochSeconds())
        .add("owned_by", "mainspring");
  }
}
