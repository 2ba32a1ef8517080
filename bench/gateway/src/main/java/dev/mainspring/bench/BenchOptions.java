package dev.mainspring.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What one benchmark run does, from the command line and the environment.
 *
 * @param mainspring the server's base URL, ending in {@code /}
 * @param adminEmail the superadmin who configures the gateway ({@code MAINSPRING_ADMIN_EMAIL})
 * @param adminPassword its password ({@code MAINSPRING_ADMIN_PASSWORD})
 * @param rates the request rates to hold, in requests per second, in order
 * @param duration how long each rate is measured
 * @param warmup how long each rate runs before measuring starts (not recorded)
 * @param prime how long the path through Mainspring runs unrecorded before the first rate, per
 *     mode, for the JIT (the direct path: at most 30 s)
 * @param timeout how long one request may take before it counts as an error
 * @param modes which modes run: non-streamed, streamed, or both
 * @param output where the Markdown report is written as well as printed, or null
 * @param keepGoing whether higher rates of a mode still run after Mainspring was overwhelmed
 * @param trials how many times each rate and mode runs, each time directly and then through
 *     Mainspring, back to back
 * @param leanLoad whether the lean socket generator and replaying stub are used (the default), or
 *     {@code java.net.http} and the JDK-server stub themselves ({@code --load jdk})
 * @param samples a directory for one CSV per measured run (every call's timing), or null
 * @param connections how many connections the socket generator opens per target at most; beyond
 *     that, requests wait in the generator (and the wait counts in their latency)
 * @param maxSteal the host's steal time, in percent of the CPU time, above which a trial is run
 *     again (at most as many times as there are trials per rate and mode)
 */
record BenchOptions(
    URI mainspring,
    String adminEmail,
    String adminPassword,
    List<Integer> rates,
    Duration duration,
    Duration warmup,
    Duration prime,
    Duration timeout,
    List<Mode> modes,
    Path output,
    boolean keepGoing,
    int trials,
    boolean leanLoad,
    Path samples,
    int connections,
    double maxSteal) {

  static final String USAGE =
      """
      Usage: GatewayBench [options]
        --url URL            Mainspring's base URL (default http://127.0.0.1:8000/)
        --admin-email E      superadmin email (default $MAINSPRING_ADMIN_EMAIL)
        --admin-password P   superadmin password (default $MAINSPRING_ADMIN_PASSWORD)
        --rates R1,R2,...    requests per second (default 100,250,500,750,1000)
        --duration S         measured seconds per rate and path (default 10)
        --warmup S           unrecorded seconds before each measurement (default 2)
        --prime S            unrecorded seconds through Mainspring per mode before the first
                             rate (default 150; directly at most 30)
        --timeout S          seconds one request may take (default 10)
        --stream on|off|both streamed requests, non-streamed ones, or both (default both)
        --out FILE           also write the Markdown report to FILE
        --keep-going         run every rate, also after a lower one overwhelmed Mainspring
        --trials N           runs per rate and mode, each direct then via (default 3)
        --load lean|jdk      socket generator and replaying stub, or java.net.http and the
                             JDK-server stub (default lean)
        --samples DIR        also write every measured call's timing, one CSV per run, to DIR
        --connections N      the lean generator's connections per target at most; more
                             requests in flight wait for one, charged (default 128)
        --max-steal P        run a trial again when the host took more than P % of the
                             CPU time during it (default 5; at most --trials repeats)
      """;

  /** Reads {@code args}; the admin's credentials default to the environment's. */
  static BenchOptions parse(String[] args, Map<String, String> env) {
    URI url = URI.create("http://127.0.0.1:8000/");
    String email = env.getOrDefault("MAINSPRING_ADMIN_EMAIL", "admin@mainspring.local");
    String password = env.get("MAINSPRING_ADMIN_PASSWORD");
    List<Integer> rates = List.of(100, 250, 500, 750, 1000);
    Duration duration = Duration.ofSeconds(10);
    Duration warmup = Duration.ofSeconds(2);
    Duration prime = Duration.ofSeconds(150);
    Duration timeout = Duration.ofSeconds(10);
    List<Mode> modes = List.of(Mode.PLAIN, Mode.STREAM);
    Path output = null;
    boolean keepGoing = false;
    int trials = 3;
    boolean leanLoad = true;
    Path samples = null;
    int connections = 128;
    double maxSteal = 5;
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (name.equals("--help") || name.equals("-h")) {
        throw new IllegalArgumentException(USAGE);
      }
      if (name.equals("--keep-going")) {
        keepGoing = true;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(name + " needs a value\n" + USAGE);
      }
      String value = args[++i];
      switch (name) {
        case "--url" -> url = URI.create(value.endsWith("/") ? value : value + "/");
        case "--admin-email" -> email = value;
        case "--admin-password" -> password = value;
        case "--rates" -> rates = rates(value);
        case "--duration" -> duration = seconds(value);
        case "--warmup" -> warmup = seconds(value);
        case "--prime" -> prime = seconds(value);
        case "--timeout" -> timeout = seconds(value);
        case "--stream" -> modes = modes(value);
        case "--out" -> output = Path.of(value);
        case "--load" -> leanLoad = lean(value);
        case "--trials" -> trials = positive("--trials", value);
        case "--samples" -> samples = Path.of(value);
        case "--connections" -> connections = positive("--connections", value);
        case "--max-steal" -> maxSteal = percent("--max-steal", value);
        default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
      }
    }
    if (password == null || password.isBlank()) {
      throw new IllegalArgumentException(
          "the superadmin's password is needed: set MAINSPRING_ADMIN_PASSWORD or --admin-password");
    }
    return new BenchOptions(
        url,
        email,
        password,
        rates,
        duration,
        warmup,
        prime,
        timeout,
        modes,
        output,
        keepGoing,
        trials,
        leanLoad,
        samples,
        connections,
        maxSteal);
  }

  private static List<Integer> rates(String value) {
    List<Integer> rates = new ArrayList<>();
    for (String rate : value.split(",")) {
      int parsed = Integer.parseInt(rate.strip());
      if (parsed <= 0) {
        throw new IllegalArgumentException("a rate must be positive: " + rate);
      }
      rates.add(parsed);
    }
    return List.copyOf(rates);
  }

  private static int positive(String name, String value) {
    int parsed = Integer.parseInt(value.strip());
    if (parsed <= 0) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
    return parsed;
  }

  private static double percent(String name, String value) {
    double parsed = Double.parseDouble(value.strip());
    if (!(parsed >= 0 && parsed <= 100)) {
      throw new IllegalArgumentException(name + " takes a percentage from 0 to 100: " + value);
    }
    return parsed;
  }

  private static Duration seconds(String value) {
    return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
  }

  private static boolean lean(String value) {
    return switch (value) {
      case "lean" -> true;
      case "jdk" -> false;
      default -> throw new IllegalArgumentException("--load takes lean or jdk: " + value);
    };
  }

  private static List<Mode> modes(String value) {
    return switch (value) {
      case "on" -> List.of(Mode.STREAM);
      case "off" -> List.of(Mode.PLAIN);
      case "both" -> Arrays.asList(Mode.values());
      default -> throw new IllegalArgumentException("--stream takes on, off or both: " + value);
    };
  }
}
