package dev.mainspring.bench;

import dev.mainspring.inference.service.upstream.StubOpenAiServer;
import jakarta.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The time an agent run adds before its first token reaches the client, compared with a stream of
 * the gateway to the same stub (issue 14's benchmark). One call at a time, alternating the paths:
 *
 * <ul>
 *   <li><b>stub</b>: {@code POST /v1/chat/completions} with {@code stream} straight to the stub;
 *   <li><b>gateway</b>: the same request through Mainspring's {@code /v1/chat/completions};
 *   <li><b>run</b>: {@code POST /api/thread/{id}/agent/start} with the same prompt, then {@code GET
 *       /api/agent-run/{id}/stream}, until the first {@code content} event (the thread is made
 *       before the clock starts).
 * </ul>
 *
 * Time to first token is from the first request's send to the first line that carries text.
 *
 * <pre>
 *   RunLatencyBench --url http://127.0.0.1:8000/ [--calls 200] [--warmup 20] [--out report.md]
 * </pre>
 */
public final class RunLatencyBench {

  private static final String STUB_KEY = "bench-stub-key";
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private RunLatencyBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new java.util.HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    URI url = URI.create(options.getOrDefault("url", "http://127.0.0.1:8000/"));
    int calls = Integer.parseInt(options.getOrDefault("calls", "200"));
    int warmup = Integer.parseInt(options.getOrDefault("warmup", "20"));
    Path out = Path.of(options.getOrDefault("out", "run-latency-report.md"));
    String adminEmail =
        System.getenv().getOrDefault("MAINSPRING_ADMIN_EMAIL", "admin@mainspring.local");
    String adminPassword = System.getenv("MAINSPRING_ADMIN_PASSWORD");

    try (StubOpenAiServer stub = StubOpenAiServer.start()) {
      stub.requireApiKey(STUB_KEY);
      stub.recordTraffic(false);
      JsonApi api = new JsonApi(CLIENT, url);
      Endpoint gateway =
          new GatewaySetup(api).configure(url, stub.baseUrl(), STUB_KEY, adminEmail, adminPassword);
      JsonApi caller = api.as(gateway.bearer());
      Endpoint direct =
          new Endpoint(
              "stub", stub.baseUrl().resolve("v1/chat/completions"), STUB_KEY, "stub-model");

      List<Long> stubNanos = new ArrayList<>();
      List<Long> gatewayNanos = new ArrayList<>();
      List<Long> runNanos = new ArrayList<>();
      for (int i = 0; i < warmup + calls; i++) {
        boolean measured = i >= warmup;
        long s = streamToFirstToken(direct);
        long g = streamToFirstToken(gateway);
        String thread =
            caller
                .post("api/threads", Json.createObjectBuilder().add("title", "bench " + i).build())
                .getString("thread_id");
        long r = runToFirstToken(url, gateway.bearer(), thread);
        if (measured) {
          stubNanos.add(s);
          gatewayNanos.add(g);
          runNanos.add(r);
        }
      }
      String report = report(calls, stubNanos, gatewayNanos, runNanos);
      Files.writeString(out, report);
      System.out.println(report);
    }
  }

  /** A streamed completion: nanoseconds from the send to the first chunk with content. */
  private static long streamToFirstToken(Endpoint endpoint) throws Exception {
    String body =
        Json.createObjectBuilder()
            .add("model", endpoint.model())
            .add("stream", true)
            .add(
                "messages",
                Json.createArrayBuilder()
                    .add(
                        Json.createObjectBuilder()
                            .add("role", "user")
                            .add("content", Endpoint.PROMPT)))
            .build()
            .toString();
    long start = System.nanoTime();
    HttpResponse<InputStream> response =
        CLIENT.send(
            HttpRequest.newBuilder(endpoint.chatCompletions())
                .header("Authorization", "Bearer " + endpoint.bearer())
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    return untilFirst(response, start, "\"content\":\"H", null);
  }

  /** A run: nanoseconds from the start request's send to the first content event. */
  private static long runToFirstToken(URI url, String bearer, String thread) throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> started =
        CLIENT.send(
            HttpRequest.newBuilder(url.resolve("api/thread/" + thread + "/agent/start"))
                .header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json")
                .POST(
                    BodyPublishers.ofString(
                        Json.createObjectBuilder()
                            .add("prompt", Endpoint.PROMPT)
                            .build()
                            .toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (started.statusCode() != 200) {
      throw new IllegalStateException("start answered " + started.statusCode() + started.body());
    }
    String runId =
        Json.createReader(new java.io.StringReader(started.body()))
            .readObject()
            .getString("agent_run_id");
    HttpResponse<InputStream> stream =
        CLIENT.send(
            HttpRequest.newBuilder(url.resolve("api/agent-run/" + runId + "/stream"))
                .header("Authorization", "Bearer " + bearer)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    return untilFirst(stream, start, "\"type\":\"content\"", "\"type\":\"control\"");
  }

  /** Reads lines until one contains {@code marker}; then to {@code end} (or closes). */
  private static long untilFirst(
      HttpResponse<InputStream> response, long start, String marker, String end) {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      if (response.statusCode() != 200) {
        throw new IllegalStateException("answered " + response.statusCode());
      }
      long first = -1;
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (first < 0 && line.contains(marker)) {
          first = System.nanoTime() - start;
          if (end == null) {
            continue;
          }
        }
        if (end != null && line.contains(end)) {
          break;
        }
      }
      if (first < 0) {
        throw new IllegalStateException("no " + marker + " in the answer");
      }
      return first;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String report(int calls, List<Long> stub, List<Long> gateway, List<Long> run) {
    StringBuilder report = new StringBuilder();
    report
        .append("Run latency, ")
        .append(Instant.now())
        .append(", ")
        .append(calls)
        .append(" calls per path, one at a time\n\n")
        .append("| path | TTFT p50 (ms) | p90 | p99 |\n|---|---|---|---|\n");
    row(report, "stub, direct", stub);
    row(report, "gateway /v1 stream", gateway);
    row(report, "agent run start + stream", run);
    List<Long> added = new ArrayList<>();
    for (int i = 0; i < run.size(); i++) {
      added.add(run.get(i) - gateway.get(i));
    }
    row(report, "added by the run (run - gateway, per pair)", added);
    return report.toString();
  }

  private static void row(StringBuilder report, String name, List<Long> nanos) {
    long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    report
        .append("| ")
        .append(name)
        .append(" | ")
        .append(ms(at(sorted, 0.50)))
        .append(" | ")
        .append(ms(at(sorted, 0.90)))
        .append(" | ")
        .append(ms(at(sorted, 0.99)))
        .append(" |\n");
  }

  private static long at(long[] sorted, double q) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
  }

  private static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
  }
}
