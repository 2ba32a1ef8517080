package dev.mainspring.run.api.socketio;

import dev.mainspring.identity.api.MainspringAuthenticationMechanism;
import jakarta.inject.Inject;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Engine.IO's HTTP long-polling transport at {@code /socket.io/}: the handshake, the polls ({@code
 * GET}, held open asynchronously until there is something to send or the ping interval ends) and
 * the client's packets ({@code POST}). A {@code POST} body is read whole here (the request size
 * limit applies) and every CONNECT in it is checked ({@link AgentSockets#admit}) before the library
 * reads the rest.
 */
@WebServlet(urlPatterns = "/socket.io/*", asyncSupported = true)
public class EngineIoServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  /** Engine.IO v4's separator of packets in one long-polling body. */
  private static final char SEPARATOR = '\u001e';

  @Inject transient AgentSockets sockets;

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!"POST".equals(request.getMethod())) {
      sockets.engine().handleRequest(request, response);
      return;
    }
    String path = request.getRequestURI().substring(request.getContextPath().length());
    AgentSockets.Presented presented =
        new AgentSockets.Presented(
            MainspringAuthenticationMechanism.credential(request, path),
            request.getHeader("X-Org-Id"),
            request.getRemoteAddr());
    String body = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    StringBuilder passed = new StringBuilder(body.length());
    List<String> refusals = new ArrayList<>();
    boolean admitted = false;
    for (String packet : body.split(String.valueOf(SEPARATOR), -1)) {
      Optional<String> refusal = sockets.admit(packet, presented);
      if (refusal.isPresent()) {
        refusals.add(refusal.get());
        continue;
      }
      admitted |= ConnectPackets.parse(packet).isPresent();
      if (!passed.isEmpty()) {
        passed.append(SEPARATOR);
      }
      passed.append(packet);
    }
    try {
      if (!refusals.isEmpty()) {
        sockets.refuse(request.getQueryString(), refusals);
      }
      if (passed.isEmpty()) {
        response.setContentType("text/html");
        response.getWriter().write("ok");
        return;
      }
      sockets.engine().handleRequest(new Body(request, passed.toString()), response);
    } finally {
      if (admitted) {
        sockets.passed();
      }
    }
  }

  /** The request with the checked body in place of the one read. */
  private static final class Body extends HttpServletRequestWrapper {
    private final byte[] bytes;

    Body(HttpServletRequest request, String body) {
      super(request);
      this.bytes = body.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public int getContentLength() {
      return bytes.length;
    }

    @Override
    public long getContentLengthLong() {
      return bytes.length;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(bytes);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new IllegalStateException("the body is already read");
        }
      };
    }
  }
}
