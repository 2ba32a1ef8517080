package dev.mainspring.bench;

import dev.mainspring.inference.service.upstream.StubOpenAiServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The gateway benchmark. Starts the stub upstream (answers at once: no delay between chunks, eight
 * content pieces), puts it behind a running Mainspring ({@link GatewaySetup}), then for each rate
 * and mode holds that rate for a warm-up and a measured span ({@link SocketRunner}, or {@link
 * OpenLoopRunner} with {@code --load jdk}), first directly against the stub and then through
 * Mainspring, and prints what Mainspring adds as a Markdown table ({@link MarkdownReport}).
 * Options: {@link BenchOptions#USAGE}.
 */
public final class GatewayBench {

  /** What the stub answers: eight stream chunks of content. */
  static final List<String> ANSWER =
      List.of("Hello", ",", " bench", "mark", "!", " How", " are", " you?");

  private static final Duration PAUSE = Duration.ofSeconds(1);

  /** The longest unrecorded run of the direct path before the first rate. */
  private static final Duration DIRECT_PRIME = Duration.ofSeconds(30);

  /** How long to wait at most for an overloaded Mainspring to work off its backlog. */
  private static final Duration SETTLE_LIMIT = Duration.ofSeconds(60);

  /** The slowest of a few probe requests, in milliseconds, that counts as settled. */
  private static final double SETTLED_MILLIS = 100;

  private GatewayBench() {}

  public static void main(String[] args) throws Exception {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    // Idle pooled connections are dropped before a server (Payara's default is 30 s) drops them.
    System.setProperty(
        "jdk.httpclient.keepalive.timeout",
        System.getProperty("jdk.httpclient.keepalive.timeout", "20"));
    String report = run(options);
    System.out.println(report);
    if (options.output() != null) {
      Files.writeString(options.output(), report);
    }
    System.exit(0);
  }

  private static String run(BenchOptions options) throws IOException, InterruptedException {
    String loadBefore = loadAverage();
    String secret = "sk-bench-" + UUID.randomUUID();
    try (StubOpenAiServer stub = StubOpenAiServer.start()) {
      stub.answer(ANSWER);
      stub.chunkDelay(Duration.ZERO);
      stub.requireApiKey(secret);
      stub.recordTraffic(false);

      LeanStub lean = options.leanLoad() ? LeanStub.replaying(stub, secret, client()) : null;
      URI upstream = lean != null ? lean.baseUrl() : stub.baseUrl();
      Endpoint direct =
          new Endpoint(
              "direct", URI.create(upstream + "/chat/completions"), secret, StubOpenAiServer.MODEL);
      log(
          "stub upstream on "
              + upstream
              + (lean != null ? " (lean replay of " + stub.baseUrl() + ")" : "")
              + "; configuring Mainspring at "
              + options.mainspring());
      Endpoint via =
          new GatewaySetup(new JsonApi(client(), options.mainspring()))
              .configure(
                  options.mainspring(),
                  upstream,
                  secret,
                  options.adminEmail(),
                  options.adminPassword());

      Runner directRunner = runner(options);
      Runner viaRunner = runner(options);
      for (Mode mode : options.modes()) {
        check(directRunner, direct, mode);
        check(viaRunner, via, mode);
      }
      int firstRate = options.rates().get(0);
      if (!options.prime().isZero()) {
        Duration directPrime = directPrime(options);
        log(
            "priming per mode: "
                + directPrime.toSeconds()
                + " s directly, "
                + options.prime().toSeconds()
                + " s through Mainspring");
        for (Mode mode : options.modes()) {
          directRunner.run(direct, mode, firstRate, directPrime, Duration.ZERO);
          viaRunner.run(via, mode, firstRate, options.prime(), Duration.ZERO);
        }
      }

      List<Row> rows = new ArrayList<>();
      List<String> notes = new ArrayList<>();
      Set<Mode> overwhelmed = EnumSet.noneOf(Mode.class);
      for (int rate : options.rates()) {
        for (Mode mode : options.modes()) {
          if (overwhelmed.contains(mode)) {
            notes.add(
                rate + " req/s " + mode + ": not run, a lower rate already overwhelmed Mainspring");
            continue;
          }
          List<StepResult> directly = new ArrayList<>();
          List<StepResult> through = new ArrayList<>();
          int repeated = 0;
          for (int trial = 0; trial < options.trials(); trial++) {
            StepResult directResult = step(directRunner, direct, mode, rate, options, trial);
            StepResult viaResult = step(viaRunner, via, mode, rate, options, trial);
            settle(viaRunner, via, mode);
            double steal = Math.max(directResult.stealPercent(), viaResult.stealPercent());
            if (steal > options.maxSteal() && repeated < options.trials()) {
              repeated++;
              String repeat =
                  String.format(
                      java.util.Locale.ROOT,
                      "%d req/s %s: a trial was run again, the host took %.1f %% of the CPU"
                          + " during it (its added p99 was %.2f ms)",
                      rate,
                      mode,
                      steal,
                      viaResult.latency().millisAt(99) - directResult.latency().millisAt(99));
              log(repeat);
              notes.add(repeat);
              trial--;
              continue;
            }
            directly.add(directResult);
            through.add(viaResult);
            if (overwhelmed(viaResult)) {
              break; // another trial would only measure the backlog
            }
          }
          rows.add(new Row(rate, mode, directly, through));
          if (!options.keepGoing() && overwhelmed(through.get(through.size() - 1))) {
            overwhelmed.add(mode);
          }
        }
      }
      if (lean != null) {
        lean.close();
      }
      return MarkdownReport.render(
          conditions(options, loadBefore), rows, options.modes(), notes, options.maxSteal());
    }
  }

  private static Runner runner(BenchOptions options) {
    return options.leanLoad()
        ? new SocketRunner(options.timeout(), options.connections())
        : new OpenLoopRunner(client(), options.timeout());
  }

  private static StepResult step(
      Runner runner, Endpoint endpoint, Mode mode, int rate, BenchOptions options, int trial)
      throws InterruptedException, IOException {
    HostCpu before = HostCpu.now();
    StepResult result =
        runner
            .run(endpoint, mode, rate, options.warmup(), options.duration())
            .withSteal(HostCpu.stealPercent(before, HostCpu.now()));
    if (options.samples() != null) {
      Files.createDirectories(options.samples());
      String path = endpoint.name().startsWith("direct") ? "direct" : "via";
      result.writeSamples(
          options.samples().resolve(rate + "-" + mode + "-" + path + "-" + (trial + 1) + ".csv"));
    }
    log(
        String.format(
            java.util.Locale.ROOT,
            "%4d req/s %-10s %-14s p50 %7.2f ms  p99 %7.2f ms  errors %d  achieved %.0f req/s"
                + "  host steal %.1f %%",
            rate,
            mode,
            endpoint.name(),
            result.latency().millisAt(50),
            result.latency().millisAt(99),
            result.errorCount(),
            result.achievedRate(),
            result.stealPercent()));
    Thread.sleep(PAUSE.toMillis());
    return result;
  }

  /**
   * Whether a run failed so badly that higher rates would only measure the backlog: more than a
   * tenth of the requests failed, or less than half the rate was answered.
   */
  private static boolean overwhelmed(StepResult result) {
    return result.errorCount() > result.sent() / 10 || result.achievedRate() < result.rate() / 2.0;
  }

  /**
   * Waits (at most {@link #SETTLE_LIMIT}) until Mainspring answers a few requests quickly again: an
   * overloaded server goes on working off requests its clients gave up, which would slow the next
   * run, whichever path it measures.
   */
  private static void settle(Runner runner, Endpoint endpoint, Mode mode)
      throws InterruptedException {
    long deadline = System.nanoTime() + SETTLE_LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      StepResult probe = runner.run(endpoint, mode, 5, Duration.ZERO, Duration.ofSeconds(1));
      if (probe.errorCount() == 0 && probe.latency().millisAt(100) < SETTLED_MILLIS) {
        return;
      }
    }
    log("Mainspring did not settle within " + SETTLE_LIMIT.toSeconds() + " s; going on");
  }

  /** A few requests that must all succeed before anything is measured. */
  private static void check(Runner runner, Endpoint endpoint, Mode mode)
      throws InterruptedException {
    StepResult result = runner.run(endpoint, mode, 5, Duration.ZERO, Duration.ofSeconds(1));
    if (result.errorCount() > 0) {
      throw new IllegalStateException(
          endpoint.name() + " " + mode + " does not work: " + result.errors());
    }
  }

  private static HttpClient client() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  private static String conditions(BenchOptions options, String loadBefore) {
    Runtime runtime = Runtime.getRuntime();
    return "## Gateway benchmark, "
        + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
        + "\n\n"
        + "- Machine: "
        + runtime.availableProcessors()
        + " cores, "
        + System.getProperty("os.name")
        + " "
        + System.getProperty("os.version")
        + ", Java "
        + System.getProperty("java.version")
        + "; the load generator, the stub and Mainspring (with its PostgreSQL) share it.\n"
        + "- Load average (1, 5, 15 min) before: "
        + loadBefore
        + "; after: "
        + loadAverage()
        + "\n"
        + "- Each rate and mode: "
        + options.trials()
        + " trials, each "
        + options.warmup().toSeconds()
        + " s warm-up, then "
        + options.duration().toSeconds()
        + " s measured, open loop, directly against the stub and then through Mainspring;"
        + " the stub answers "
        + ANSWER.size()
        + " content pieces at once; request timeout "
        + options.timeout().toSeconds()
        + " s; "
        + (options.leanLoad()
            ? "load from the socket generator (at most "
                + options.connections()
                + " connections per path) against the lean stub replaying the stub's answers"
            : "load from java.net.http against the JDK-server stub")
        + "; before the first rate, per mode, "
        + directPrime(options).toSeconds()
        + " s of priming directly and "
        + options.prime().toSeconds()
        + " s through Mainspring.";
  }

  /**
   * The generator and the stub are small and warm within seconds; Payara's compiler needs about two
   * minutes of load at 500 requests/s (see bench/README.md), which {@code --prime} is for.
   */
  private static Duration directPrime(BenchOptions options) {
    return options.prime().compareTo(DIRECT_PRIME) < 0 ? options.prime() : DIRECT_PRIME;
  }

  /** The system's load averages, from {@code /proc/loadavg} where there is one. */
  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
      return fields[0] + ", " + fields[1] + ", " + fields[2];
    } catch (IOException | RuntimeException e) {
      return String.format(
          java.util.Locale.ROOT,
          "%.2f (1 min)",
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  private static void log(String line) {
    System.err.println("[bench] " + line);
  }
}
