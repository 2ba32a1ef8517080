package dev.mainspring.platform.api;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Gzips JSON responses of at least {@code mainspring.http.gzip-min-bytes} when the client accepts
 * gzip. The JSON is written to memory first, so small bodies go out as they are; streams (SSE) and
 * {@code StreamingOutput} entities, which write and end the response themselves (the gateway's
 * answers), are never touched.
 */
@Provider
public class GzipJsonInterceptor implements WriterInterceptor {

  private final int minBytes;

  public GzipJsonInterceptor() {
    this(
        ConfigProvider.getConfig()
            .getOptionalValue("mainspring.http.gzip-min-bytes", Integer.class)
            .orElse(1024));
  }

  GzipJsonInterceptor(int minBytes) {
    this.minBytes = minBytes;
  }

  @Context HttpHeaders requestHeaders;

  @Override
  public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
    if (!isJson(context.getMediaType())
        || context.getEntity() instanceof StreamingOutput
        || !acceptsGzip()) {
      context.proceed();
      return;
    }
    OutputStream out = context.getOutputStream();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    context.setOutputStream(body);
    context.proceed();
    context.getHeaders().add(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
    if (body.size() < minBytes) {
      out.write(body.toByteArray());
      return;
    }
    context.getHeaders().putSingle(HttpHeaders.CONTENT_ENCODING, "gzip");
    context.getHeaders().remove(HttpHeaders.CONTENT_LENGTH);
    GZIPOutputStream gzip = new GZIPOutputStream(out);
    body.writeTo(gzip);
    gzip.finish();
  }

  static boolean isJson(MediaType type) {
    return type != null
        && (type.getSubtype().equals("json") || type.getSubtype().endsWith("+json"));
  }

  private boolean acceptsGzip() {
    String accept = requestHeaders.getHeaderString(HttpHeaders.ACCEPT_ENCODING);
    return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("gzip");
  }
}
