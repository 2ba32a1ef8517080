package dev.mainspring.inference.api.gateway;

import dev.mainspring.billing.api.RateLimited;
import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.inference.service.gateway.ChatAnswer;
import dev.mainspring.inference.service.gateway.ChatChunk;
import dev.mainspring.inference.service.gateway.ChatChunks;
import dev.mainspring.inference.service.gateway.ChatRequest;
import dev.mainspring.inference.service.gateway.EmbeddingsRequest;
import dev.mainspring.inference.service.gateway.Gateway;
import dev.mainspring.inference.service.gateway.GatewayModel;
import dev.mainspring.inference.service.gateway.GeneratedText;
import dev.mainspring.inference.service.gateway.TokenCount;
import dev.mainspring.platform.api.OpenAiErrors;
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
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The OpenAI-compatible gateway ({@code /v1/chat/completions}, {@code /v1/embeddings}, {@code
 * /v1/models}), answering errors in OpenAI's shape ({@link OpenAiErrors}), and document C's direct
 * inference endpoints ({@code POST /v1/models/inference}, {@code POST /v1/models/generate}), which
 * answer problem+json like the rest of Mainspring. Callers authenticate with an API key or a bearer
 * token. The model call itself is {@link Gateway}'s; this class only turns it into OpenAI's wire
 * format: a JSON answer, or Server-Sent Events of {@code data: <chunk>} ending with {@code data:
 * [DONE]}.
 *
 * <p>{@code GET /v1/models/{model}} and the two document C operations share one path template, so
 * that any model key can be read, {@code inference} and {@code generate} included: a GET reads a
 * model, a POST runs the operation.
 */
@Path("v1")
@ApplicationScoped
public class GatewayResource {

  private static final Logger LOG = Logger.getLogger(GatewayResource.class.getName());
  private static final String EVENT_STREAM = "text/event-stream";
  private static final byte[] DATA = "data: ".getBytes(StandardCharsets.UTF_8);
  private static final byte[] END = "\n\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

  @Inject Gateway gateway;
  @Inject CurrentCaller currentCaller;

  @POST
  @RateLimited
  @Path("chat/completions")
  @Produces({MediaType.APPLICATION_JSON, EVENT_STREAM})
  public Response chatCompletions(String body) {
    ChatRequest request = ChatRequest.parse(body);
    if (!request.stream()) {
      ChatAnswer answer = gateway.complete(currentCaller.get(), request, RequestIds.current());
      return Response.ok(answer.json(), MediaType.APPLICATION_JSON_TYPE).build();
    }
    ChatChunks chunks = gateway.stream(currentCaller.get(), request, RequestIds.current());
    StreamingOutput relay = out -> relay(chunks, out);
    return Response.ok(relay, EVENT_STREAM)
        .header("Cache-Control", "no-cache")
        .header("X-Accel-Buffering", "no")
        .build();
  }

  @POST
  @RateLimited
  @Path("embeddings")
  @Produces(MediaType.APPLICATION_JSON)
  public Response embeddings(String body) {
    String json =
        gateway
            .embed(currentCaller.get(), EmbeddingsRequest.parse(body), RequestIds.current())
            .json();
    return Response.ok(json, MediaType.APPLICATION_JSON_TYPE).build();
  }

  @GET
  @Path("models")
  @Produces(MediaType.APPLICATION_JSON)
  public Response models() {
    JsonArrayBuilder data = Jsons.array();
    gateway.availableModels(listingCaller()).forEach(model -> data.add(modelObject(model)));
    return json(Jsons.object().add("object", "list").add("data", data));
  }

  @GET
  @Path("models/{model: .+}")
  @Produces(MediaType.APPLICATION_JSON)
  public Response model(@PathParam("model") String key) {
    return json(modelObject(gateway.availableModel(listingCaller(), key)));
  }

  /**
   * Document C: {@code inference} runs one non-streamed completion of {@code messages} (or a {@code
   * prompt}), {@code generate} text from a {@code prompt} with an optional {@code system}; both
   * answer in Mainspring's own shape, through the same routing, limits and metering as the OpenAI
   * endpoints.
   */
  @POST
  @RateLimited
  @Path("models/{model: .+}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public GeneratedText operation(@PathParam("model") String operation, String body) {
    boolean promptOnly =
        switch (operation) {
          case "inference" -> false;
          case "generate" -> true;
          default -> throw new NotFoundException("not_found", "no operation at this path");
        };
    ChatAnswer answer =
        gateway.complete(
            currentCaller.get(),
            ChatRequest.parseGeneration(body, promptOnly),
            RequestIds.current());
    TokenCount tokens = answer.tokens();
    return new GeneratedText(
        answer.model(),
        answer.content().orElse(""),
        answer.finishReason().orElse(null),
        tokens.estimated()
            ? null
            : new GeneratedText.Usage(
                tokens.promptTokens(), tokens.completionTokens(), tokens.totalTokens()));
  }

  /**
   * Writes each chunk as an SSE event as it arrives, flushing whenever the provider has nothing
   * more waiting, so tokens reach the client as they arrive and a slow client slows the provider
   * instead of filling memory. The client's response is closed before the chunks, whose close reads
   * the rest of the provider's answer and meters the call. A provider failure after the stream
   * began becomes an error event; a client that went away is noticed at the next write, and closing
   * the chunks then lets the provider go.
   */
  private static void relay(ChatChunks chunks, OutputStream out) {
    try (chunks) {
      try {
        for (Optional<ChatChunk> chunk = chunks.next(); chunk.isPresent(); chunk = chunks.next()) {
          out.write(DATA);
          out.write(chunk.get().json().getBytes(StandardCharsets.UTF_8));
          out.write(END);
          if (chunks.caughtUp()) {
            out.flush();
          }
        }
        out.write(DONE);
      } catch (MainspringException failure) {
        LOG.log(
            failure.status() >= 500 ? Level.SEVERE : Level.FINE,
            "the stream of "
                + chunks.model()
                + " failed after it began, request "
                + RequestIds.current(),
            failure);
        out.write(DATA);
        out.write(OpenAiErrors.body(failure).getBytes(StandardCharsets.UTF_8));
        out.write(END);
      }
      out.flush();
      out.close();
    } catch (IOException clientGone) {
      LOG.log(Level.FINE, "the client of a stream of {0} left", chunks.model());
    }
  }

  private Caller listingCaller() {
    Caller caller = currentCaller.get();
    caller.requireOrg();
    caller.requireScope("models:read");
    return caller;
  }

  private static Response json(JsonObjectBuilder object) {
    return Response.ok(object.build().toString(), MediaType.APPLICATION_JSON_TYPE).build();
  }

  private static JsonObjectBuilder modelObject(GatewayModel model) {
    return Jsons.object()
        .add("id", model.key())
        .add("object", "model")
        .add("created", model.createdEpochSeconds())
        .add("owned_by", "mainspring");
  }
}
