package dev.mainspring.platform.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;

/**
 * The one JAX-RS application, at the root of the context: resources carry their documents' paths in
 * full ({@code /api/...}, {@code /v1/...}, {@code /users/me}).
 *
 * <p>Jersey's response buffer is off ({@code jersey.config.server.contentLength.buffer} = 0). With
 * it on, Jersey holds the first 8 KiB of every response to compute a Content-Length and ignores
 * {@code flush()} until then, so a stream written through {@code StreamingOutput} (the gateway's
 * chat streams) would reach the client only at its end. Responses are therefore sent chunked; the
 * container still buffers the bytes of one write.
 *
 * <p>Jersey's WADL is off ({@code jersey.config.server.wadl.disableWadl}): it answered every {@code
 * OPTIONS} request, to anyone, with a description of the resources naming Jersey's version, and
 * served {@code /application.wadl}. {@code OPTIONS} now answers with the {@code Allow} header only;
 * the API is described by the OpenAPI document.
 */
@ApplicationPath("")
public class MainspringApplication extends Application {

  @Override
  public Map<String, Object> getProperties() {
    return Map.of(
        "jersey.config.server.contentLength.buffer",
        0,
        "jersey.config.server.wadl.disableWadl",
        true);
  }
}
