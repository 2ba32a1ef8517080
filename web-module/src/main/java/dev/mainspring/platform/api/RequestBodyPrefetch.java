package dev.mainspring.platform.api;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Reads request bodies without holding a request thread while their bytes are on the way, and gives
 * up on a body that has not arrived within {@code mainspring.http.body-timeout-ms}.
 *
 * <p>JAX-RS reads a body with blocking reads on a request thread. A client that sends its body a
 * few bytes at a time would hold that thread until it is done, and a couple of hundred such clients
 * held every thread of the server's pool, so that not even {@code /api/health} answered. Here a
 * body that is not already in the server's buffer when the request arrives is read with the
 * servlet's non-blocking I/O (a {@link ReadListener} in async mode, no thread while waiting) into
 * memory; once it is complete the request is dispatched again and the resource reads it from
 * memory. A body still incomplete at the deadline answers 408 {@code request_timeout} and the
 * connection is closed. Only the body's reading is bounded: the response (a chat stream may last
 * minutes) is not.
 *
 * <p>The common case costs nothing: a body that came with the request's headers (every small JSON
 * body of a client on a normal connection) is passed on at once, and so is a request without a body
 * or with a declared length over {@code mainspring.http.max-body-bytes}, which {@link
 * BodySizeLimit} refuses before reading it. A chunked body over the limit is read no further than
 * the limit and a little more and then refused the same way.
 *
 * <p>Who dispatches matters. Payara 6 runs an {@link AsyncContext#dispatch()} made while the
 * request's first pass is still in the container later, when that pass ends, but its hand-over is
 * not thread-safe: a dispatch from another thread at the moment the first pass ends can be stored
 * after the container has looked for it, and is then never run. The request hangs with nothing in
 * any log (one in a few thousand requests whose body came apart from its headers, under load). So
 * the request thread waits a little ({@code mainspring.http.body-wait-ms}) for the rest of the body
 * and dispatches itself when it came, which the container hands over safely; only a body slower
 * than that is dispatched from the thread that read its last byte, and a dispatch that has not
 * begun a second later is run by the container's own hand-over method (see {@link LostDispatch}).
 *
 * <p>A request with an {@code Upgrade} header (the JDK's HTTP client sends {@code Upgrade: h2c}
 * with its requests over plain HTTP) is answered in HTTP/1.1 like any other, but the server hands
 * its body over unframed, without an end (see {@link UnframedBody}), and would send the answer
 * unframed too (see {@link UpgradeRequests}). Its body, if any, is always read here, up to where
 * its {@code Content-Length} or chunked coding says it ends, under the same deadline; without a
 * body the resource gets an empty stream.
 */
@WebFilter(
    filterName = "RequestBodyPrefetch",
    urlPatterns = "/*",
    asyncSupported = true,
    dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.ASYNC})
public class RequestBodyPrefetch implements Filter {

  private static final Logger LOG = Logger.getLogger(RequestBodyPrefetch.class.getName());
  private static final String BODY = RequestBodyPrefetch.class.getName() + ".body";

  private static final String PREFETCH = RequestBodyPrefetch.class.getName() + ".prefetch";

  private final long maxBodyBytes;
  private final long timeoutMillis;
  private final long waitMillis;

  @Inject RequestContextController requestContext;

  /** Keeps the body deadline (see {@link #prefetch}). */
  @Resource ManagedScheduledExecutorService scheduler;

  public RequestBodyPrefetch() {
    this(
        ConfigProvider.getConfig()
            .getOptionalValue("mainspring.http.max-body-bytes", Long.class)
            .orElse(BodySizeLimit.DEFAULT_MAX_BODY_BYTES),
        ConfigProvider.getConfig()
            .getOptionalValue("mainspring.http.body-timeout-ms", Long.class)
            .orElse(30_000L),
        ConfigProvider.getConfig()
            .getOptionalValue("mainspring.http.body-wait-ms", Long.class)
            .orElse(200L));
  }

  RequestBodyPrefetch(long maxBodyBytes, long timeoutMillis, long waitMillis) {
    this.maxBodyBytes = maxBodyBytes;
    this.timeoutMillis = timeoutMillis;
    this.waitMillis = waitMillis;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    if (UpgradeRequests.isWebSocketHandshake(request)) {
      // a real protocol switch (Socket.IO's WebSocket transport): the container's WebSocket
      // support takes it over, upgrade mark and all; a handshake has no body to read
      chain.doFilter(req, res);
      return;
    }
    if (request.getAttribute(BODY) instanceof byte[] body) {
      if (request.getAttribute(PREFETCH) instanceof Prefetch prefetch) {
        prefetch.arrived = true;
      }
      // The server starts no CDI request context for a dispatch of an async request; the
      // resources' request-scoped beans need one.
      requestContext.activate();
      try {
        chain.doFilter(new PrefetchedRequest(request, body), res);
      } finally {
        requestContext.deactivate();
      }
      return;
    }
    if (request.getDispatcherType() != DispatcherType.REQUEST) {
      chain.doFilter(req, res);
      return;
    }
    boolean unframed = UpgradeRequests.isUpgrade(request);
    if (!hasBody(request) || request.getContentLengthLong() > maxBodyBytes) {
      // Nothing to read, or BodySizeLimit refuses it unread. An upgrade request's stream would
      // not even end, so the resource gets an empty one.
      if (unframed) {
        UpgradeRequests.answerAsPlainHttp(request);
        chain.doFilter(new PrefetchedRequest(request, new byte[0]), res);
      } else {
        chain.doFilter(req, res);
      }
      return;
    }
    if (!unframed && (!request.isAsyncSupported() || arrivedWhole(request))) {
      chain.doFilter(req, res);
      return;
    }
    if (!request.isAsyncSupported()) {
      throw new IllegalStateException("RequestBodyPrefetch needs asynchronous processing");
    }
    prefetch(request, (HttpServletResponse) res, unframed ? framing(request) : null);
  }

  private static UnframedBody framing(HttpServletRequest request) {
    return request.getHeader("Transfer-Encoding") != null
        ? UnframedBody.chunked()
        : UnframedBody.ofLength(request.getContentLengthLong());
  }

  static boolean hasBody(HttpServletRequest request) {
    return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
  }

  /** Whether the server has the whole body already: known length, all of it buffered. */
  private static boolean arrivedWhole(HttpServletRequest request) throws IOException {
    long length = request.getContentLengthLong();
    return length >= 0 && request.getInputStream().available() >= length;
  }

  private void prefetch(
      HttpServletRequest request, HttpServletResponse response, UnframedBody unframed)
      throws IOException {
    AsyncContext async = request.startAsync();
    // The deadline is the body's alone, so it is kept here and not by the container: the
    // container's async timeout goes on running through the dispatch, and an answer that took
    // longer than the body deadline (a long stream) got the container's own 500 midway.
    async.setTimeout(0);
    Prefetch prefetch = new Prefetch(request, response, async, request.getInputStream(), unframed);
    async.addListener(prefetch);
    request.setAttribute(PREFETCH, prefetch);
    prefetch.deadline = scheduler.schedule(prefetch::expire, timeoutMillis, TimeUnit.MILLISECONDS);
    prefetch.in.setReadListener(prefetch);
    if (prefetch.leaveFilter(waitMillis)) {
      // The body came while this thread was still here: this thread's dispatch is handed over
      // safely when the request's first pass ends.
      async.dispatch();
    }
  }

  /** One body on its way: collects its bytes and then dispatches, or answers the timeout. */
  private final class Prefetch implements ReadListener, AsyncListener {

    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final AsyncContext async;
    private final ServletInputStream in;

    /** Where the body ends when the server does not tell; null when it does. */
    private final UnframedBody unframed;

    /** The body deadline, cancelled once the body is settled one way or another. */
    private volatile ScheduledFuture<?> deadline;

    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final byte[] chunk = new byte[8192];
    private long received;

    /** Set by whichever ends the prefetch first: the last byte, the deadline or an error. */
    private final AtomicBoolean settled = new AtomicBoolean();

    /** Whether the request thread is still in {@link #prefetch}; guarded by this. */
    private boolean inFilter = true;

    /** Whether the body is complete and the request thread is to dispatch it; guarded by this. */
    private boolean dispatchOnLeaving;

    /** Set when the dispatch reached this filter again. */
    volatile boolean arrived;

    Prefetch(
        HttpServletRequest request,
        HttpServletResponse response,
        AsyncContext async,
        ServletInputStream in,
        UnframedBody unframed) {
      this.request = request;
      this.response = response;
      this.async = async;
      this.in = in;
      this.unframed = unframed;
    }

    @Override
    public void onDataAvailable() throws IOException {
      while (!settled.get() && in.isReady()) {
        int n = in.read(chunk);
        if (n < 0) {
          // The end of the body: do not count on onAllDataRead following.
          dispatch();
          return;
        }
        received += n;
        if (unframed == null) {
          keep(chunk, 0, n);
          // A body of declared length is complete with its last byte; onAllDataRead did not
          // always follow under load (the request then ran into the deadline).
          long length = request.getContentLengthLong();
          if (length >= 0 && received >= length) {
            dispatch();
          }
        } else {
          boolean complete;
          try {
            complete = unframed.take(chunk, n, this::keep);
          } catch (UnframedBody.MalformedFramingException e) {
            refuseFraming(e);
            return;
          }
          // The server closes an upgrade request's connection after the answer: nothing to drain.
          if (complete || body.size() > maxBodyBytes) {
            dispatch();
          }
        }
        if (received > maxBodyBytes + BodySizeLimit.LimitedInputStream.DRAIN_BYTES) {
          dispatch();
        }
      }
    }

    /**
     * Keeps the body's bytes. One byte over the limit is all BodySizeLimit needs to answer 413 on
     * the dispatch; the rest is read and dropped, up to its drain allowance, so the client can read
     * that answer.
     */
    private void keep(byte[] bytes, int offset, int length) {
      int kept = (int) Math.max(0, Math.min(length, maxBodyBytes + 1 - body.size()));
      body.write(bytes, offset, kept);
    }

    @Override
    public void onAllDataRead() {
      dispatch();
    }

    private void dispatch() {
      if (settled.compareAndSet(false, true)) {
        cancelDeadline();
        request.setAttribute(BODY, body.toByteArray());
        if (unframed != null) {
          UpgradeRequests.answerAsPlainHttp(request);
        }
        synchronized (this) {
          if (inFilter) {
            dispatchOnLeaving = true;
            notifyAll();
            return;
          }
        }
        async.dispatch();
        scheduler.schedule(this::checkArrival, LostDispatch.GRACE_MILLIS, TimeUnit.MILLISECONDS);
      }
    }

    /**
     * The request thread: waits up to {@code millis} for the body, then leaves; answers whether the
     * body came, in which case the caller dispatches.
     */
    synchronized boolean leaveFilter(long millis) {
      long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
      try {
        long left;
        while (!dispatchOnLeaving && !settled.get() && (left = end - System.nanoTime()) > 0) {
          TimeUnit.NANOSECONDS.timedWait(this, left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      inFilter = false;
      return dispatchOnLeaving;
    }

    /** A dispatch from another thread that has not begun by now was lost: hand it over again. */
    private void checkArrival() {
      if (!arrived) {
        LostDispatch.resubmit(async);
      }
    }

    @Override
    public void onError(Throwable t) {
      if (settled.compareAndSet(false, true)) {
        cancelDeadline();
        LOG.log(Level.FINE, "a request body could not be read: {0}", String.valueOf(t));
        async.complete();
      }
    }

    private void cancelDeadline() {
      ScheduledFuture<?> pending = deadline;
      if (pending != null) {
        pending.cancel(false);
      }
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      // The container's async timeout is off (prefetch); the deadline runs expire().
    }

    /** The body deadline passed: 408, unless the body was settled before. */
    void expire() {
      if (!settled.compareAndSet(false, true)) {
        return;
      }
      try {
        answerTimeout();
      } catch (IOException | RuntimeException e) {
        LOG.log(
            Level.FINE, "could not answer a request whose body timed out: {0}", String.valueOf(e));
        async.complete();
      }
    }

    private void answerTimeout() throws IOException {
      LOG.log(
          Level.FINE,
          "request body incomplete after {0} ms: {1} bytes",
          new Object[] {timeoutMillis, body.size()});
      answer(
          408,
          "Request Timeout",
          "request_timeout",
          "the request body did not arrive within " + timeoutMillis + " ms");
    }

    private void refuseFraming(UnframedBody.MalformedFramingException e) throws IOException {
      if (!settled.compareAndSet(false, true)) {
        return;
      }
      LOG.log(Level.FINE, "malformed chunked request body: {0}", e.getMessage());
      answer(
          400,
          "Bad Request",
          "malformed_body",
          "the request body's chunked transfer coding is malformed");
    }

    /** Answers with a problem and closes the connection: the rest of the body is not read. */
    private void answer(int status, String title, String code, String detail) throws IOException {
      if (unframed != null) {
        UpgradeRequests.answerAsPlainHttp(request);
      }
      Object requestId = request.getAttribute(RequestIds.HEADER);
      Problem problem =
          new Problem(
              "urn:mainspring:problem:" + code,
              title,
              status,
              detail,
              code,
              requestId == null ? null : requestId.toString(),
              null);
      byte[] json = JsonConfig.create().toJson(problem).getBytes(StandardCharsets.UTF_8);
      response.setStatus(status);
      response.setHeader("Connection", "close");
      if (requestId != null) {
        response.setHeader(RequestIds.HEADER, requestId.toString());
      }
      response.setContentType(Problem.MEDIA_TYPE);
      response.setContentLength(json.length);
      response.getOutputStream().write(json);
      async.complete();
    }

    @Override
    public void onComplete(AsyncEvent event) {}

    @Override
    public void onError(AsyncEvent event) {
      onError(event.getThrowable());
    }

    @Override
    public void onStartAsync(AsyncEvent event) {}
  }

  /** The request as the resource sees it: its body comes from memory. */
  static final class PrefetchedRequest extends HttpServletRequestWrapper {

    private final byte[] body;

    PrefetchedRequest(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream bytes = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return bytes.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return bytes.read(b, off, len);
        }

        @Override
        public int available() {
          return bytes.available();
        }

        @Override
        public boolean isFinished() {
          return bytes.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new IllegalStateException("the body has been read already");
        }
      };
    }
  }
}
