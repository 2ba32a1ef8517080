package dev.mainspring.platform.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Refuses request bodies over {@code mainspring.http.max-body-bytes} with 413: at once when the
 * Content-Length says so, and while reading when a chunked body grows past the limit.
 */
@Provider
@PreMatching
public class BodySizeLimit implements ContainerRequestFilter, ReaderInterceptor {

  static final long DEFAULT_MAX_BODY_BYTES = 1_048_576L;

  private final long maxBodyBytes;

  public BodySizeLimit() {
    this(
        ConfigProvider.getConfig()
            .getOptionalValue("mainspring.http.max-body-bytes", Long.class)
            .orElse(DEFAULT_MAX_BODY_BYTES));
  }

  BodySizeLimit(long maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    if (request.getLength() > maxBodyBytes) {
      throw new PayloadTooLargeException(maxBodyBytes);
    }
  }

  @Override
  public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
    context.setInputStream(new LimitedInputStream(context.getInputStream(), maxBodyBytes));
    return context.proceed();
  }

  /**
   * Counts what is read and fails once more than {@code limit} bytes came through. Before it fails
   * it reads on (discarding) up to {@link #DRAIN_BYTES} more, so a client that sent a moderately
   * oversized body without waiting for 100-continue still reads the 413 instead of a reset
   * connection.
   */
  static final class LimitedInputStream extends FilterInputStream {

    static final int DRAIN_BYTES = 4 * 1024 * 1024;

    private final long limit;
    private long count;

    LimitedInputStream(InputStream in, long limit) {
      super(in);
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws IOException {
      count += n;
      if (count > limit) {
        drain();
        throw new PayloadTooLargeException(limit);
      }
    }

    private void drain() throws IOException {
      byte[] discard = new byte[8192];
      long drained = 0;
      int n;
      while (drained < DRAIN_BYTES && (n = in.read(discard)) > 0) {
        drained += n;
      }
    }
  }
}
