package dev.mainspring.bench.knowledge;

import dev.mainspring.inference.service.embeddings.BuiltinEmbeddings;
import dev.mainspring.knowledge.service.TokenWindows;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Ingestion end to end against the raw throughput of the embeddings model (issue 16). Against a
 * running server (bench/run-ingestion.sh starts one): writes a deterministic corpus of prose-like
 * text files into a directory under the server's {@code CONTEXT_SOURCE_ROOTS}, makes a knowledge
 * base on the built-in embeddings model and the built-in vector store with a {@code
 * local_directory} source on it, and times one sync from the 202 to {@code ready}. Then, in this
 * JVM, reads the chunks the sync wrote back from the database and embeds the same texts with the
 * same model class ({@link BuiltinEmbeddings}) in batches of the size the sync uses, timed. A small
 * warm-up sync (another knowledge base) loads the model in the server first, and a warm-up batch
 * does the same here, so both sides are measured warm.
 *
 * <p>Options: {@code --url}, {@code --db-url}, {@code --db-user}, {@code --db-password}, {@code
 * --root} (a directory under the server's roots), {@code --files} (default 50), {@code
 * --kb-per-file} (default 100), {@code --chunk-length} (250), {@code --chunk-overlap} (32), {@code
 * --batch} (64, {@code KnowledgeEmbedder.BATCH}), {@code --server-pid}, {@code --out}.
 */
public final class IngestionBench {

  private static final String KBS = "v1/context/knowledge-bases";

  private final Map<String, String> options;
  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;
  private String token;

  private IngestionBench(Map<String, String> options) {
    this.options = options;
    String url = options.getOrDefault("url", "http://127.0.0.1:8080/");
    this.base = url.endsWith("/") ? url : url + "/";
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (args[i].startsWith("--")) {
        options.put(args[i].substring(2), args[i + 1]);
      }
    }
    new IngestionBench(options).run();
  }

  private int option(String name, int fallback) {
    return Integer.parseInt(options.getOrDefault(name, String.valueOf(fallback)));
  }

  private void run() throws Exception {
    int files = option("files", 50);
    int kbPerFile = option("kb-per-file", 100);
    int chunkLength = option("chunk-length", 250);
    int chunkOverlap = option("chunk-overlap", 32);
    int batch = option("batch", 64);
    Path root = Path.of(options.get("root"));
    Path corpus = Files.createDirectories(root.resolve("corpus"));
    Path warmup = Files.createDirectories(root.resolve("warmup"));
    long bytes = Corpus.write(corpus, files, kbPerFile * 1024, 20261207L);
    Corpus.write(warmup, 1, 16 * 1024, 7L);
    log("corpus: %d files, %.2f MB in %s", files, bytes / 1e6, corpus);

    token = login();
    JsonObject target =
        get("v1/context/vectorization-options").getJsonArray("embeddings_targets").getJsonObject(0);
    String provider = target.getString("provider_id");
    String resource = target.getJsonArray("resources").getJsonObject(0).getString("id");
    String store =
        get("v1/platform/providers").getJsonArray("providers").stream()
            .map(JsonObject.class::cast)
            .filter(p -> "builtin-vector-store".equals(p.getString("slug")))
            .findFirst()
            .orElseThrow()
            .getString("id");

    String warmKb = createKb(store, provider, resource, chunkLength, chunkOverlap, "warm");
    JsonObject warmRun = sync(warmKb, createSource(warmKb, warmup)).run;
    log("warm-up sync: %s", warmRun.getString("status"));

    String kb = createKb(store, provider, resource, chunkLength, chunkOverlap, "bench");
    String source = createSource(kb, corpus);
    double[] loadBefore = loadAverage();
    Map<String, Long> threadsBefore = threadTicks();
    Synced synced = sync(kb, source);
    Map<String, Long> threadsAfter = threadTicks();
    double[] loadAfter = loadAverage();
    logThreadCpu(threadsBefore, threadsAfter, synced.seconds);
    JsonObject run = synced.run;
    if (!"ready".equals(run.getString("status"))) {
      throw new IllegalStateException("the sync ended " + run);
    }
    double serverSeconds =
        Duration.between(
                    Instant.parse(run.getString("created_at")),
                    Instant.parse(run.getString("finished_at")))
                .toMillis()
            / 1000.0;

    List<String> texts = chunkTexts(kb);
    long chunkBytes = 0;
    for (String text : texts) {
      chunkBytes += text.getBytes(StandardCharsets.UTF_8).length;
    }
    log(
        "sync: %d files written, %d chunks, %.1f s (202 to ready), %.1f s (run created to finished)",
        run.getInt("files_written"), texts.size(), synced.seconds, serverSeconds);

    waitForQuietServer();
    double[] rawLoadBefore = loadAverage();
    RawResult raw = embedRaw(texts, batch);
    double[] rawLoadAfter = loadAverage();
    chunkAgain(corpus, chunkLength, chunkOverlap, texts);

    double e2eChunks = texts.size() / synced.seconds;
    double e2eMbMin = bytes / 1e6 / (synced.seconds / 60);
    double rawChunks = texts.size() / raw.seconds;
    double rawMbMin = bytes / 1e6 / (raw.seconds / 60);
    StringBuilder report = new StringBuilder();
    report.append(
        "| files | MB | chunks (length/overlap) | end to end (202 to ready) | end to end chunks/s"
            + " | end to end MB/min | raw model (batches of "
            + batch
            + ") | raw chunks/s | raw MB/min | ratio | load average (sync; raw) |\n");
    report.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    report.append(
        String.format(
            Locale.ROOT,
            "| %d | %.2f | %,d (%d/%d) | %.1f s | %.1f | %.2f | %.1f s | %.1f | %.2f | %.0f %% |"
                + " %.2f→%.2f; %.2f→%.2f |\n",
            files,
            bytes / 1e6,
            texts.size(),
            chunkLength,
            chunkOverlap,
            synced.seconds,
            e2eChunks,
            e2eMbMin,
            raw.seconds,
            rawChunks,
            rawMbMin,
            100 * e2eChunks / rawChunks,
            loadBefore[0],
            loadAfter[0],
            rawLoadBefore[0],
            rawLoadAfter[0]));
    report.append(
        String.format(
            Locale.ROOT,
            "\nChunk text: %.2f MB (overlap included); run created to finished on the server:"
                + " %.1f s; raw model warm-up: %.1f s; %d cores.\n",
            chunkBytes / 1e6,
            serverSeconds,
            raw.warmupSeconds,
            Runtime.getRuntime().availableProcessors()));
    System.out.print(report);
    if (options.containsKey("out")) {
      Files.writeString(Path.of(options.get("out")), report.toString());
    }
  }

  private record RawResult(double seconds, double warmupSeconds) {}

  /**
   * The same model, in this JVM, on the same texts, in batches of {@code batch}: as the sync's
   * embedder hands them over ({@code BuiltinEmbeddings.embed} runs each text alone, as in the
   * server).
   */
  private static RawResult embedRaw(List<String> texts, int batch) {
    try (BuiltinEmbeddings model = new BuiltinEmbeddings()) {
      long warmStart = System.nanoTime();
      // Loads the model and warms the JIT, as the warm-up sync does in the server.
      model.embed(texts.subList(0, Math.min(texts.size(), batch)));
      double warmupSeconds = (System.nanoTime() - warmStart) / 1e9;
      long start = System.nanoTime();
      long cpuStart = processCpuNanos();
      long check = 0;
      for (int from = 0; from < texts.size(); from += batch) {
        List<float[]> vectors =
            model.embed(texts.subList(from, Math.min(texts.size(), from + batch)));
        check += vectors.size();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpu = (processCpuNanos() - cpuStart) / 1e9;
      log(
          "raw: this JVM's CPU %.1f s in %.1f s (%.2f cores, %.1f ms per chunk)",
          cpu, seconds, cpu / seconds, 1000 * cpu / texts.size());
      if (check != texts.size()) {
        throw new IllegalStateException("embedded " + check + " of " + texts.size());
      }
      log("raw: %d chunks in %.1f s", texts.size(), seconds);
      return new RawResult(seconds, warmupSeconds);
    }
  }

  /**
   * Chunks the corpus again here as the sync does ({@code TokenWindows} with the built-in model's
   * WordPiece counts), timed: the share of the sync's CPU that chunking takes; and a check that the
   * sync's chunks are these.
   */
  private static void chunkAgain(Path corpus, int length, int overlap, List<String> synced)
      throws IOException {
    try (BuiltinEmbeddings model = new BuiltinEmbeddings();
        var files = Files.list(corpus)) {
      List<Path> paths = files.sorted().toList();
      model.countTokens("warm");
      long start = System.nanoTime();
      List<String> texts = new ArrayList<>();
      for (Path path : paths) {
        String text = Files.readString(path);
        for (TokenWindows.Window window :
            TokenWindows.split(text, length, overlap, model::countTokens)) {
          texts.add(window.text());
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      log(
          "chunking again here: %d chunks in %.1f s (%.2f ms per chunk); same as the sync's: %s",
          texts.size(), seconds, 1000 * seconds / texts.size(), texts.equals(synced));
    }
  }

  /** The texts of the knowledge base's chunks, in document path and position order. */
  private List<String> chunkTexts(String kb) throws Exception {
    List<String> texts = new ArrayList<>();
    try (Connection db =
            DriverManager.getConnection(
                options.get("db-url"),
                options.getOrDefault("db-user", "postgres"),
                options.getOrDefault("db-password", ""));
        PreparedStatement select =
            db.prepareStatement(
                "select c.text from kb_chunks c join kb_documents d on d.id = c.document_id"
                    + " where c.knowledge_base_id = ? order by d.source_path, c.position")) {
      select.setObject(1, UUID.fromString(kb));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          texts.add(rows.getString(1));
        }
      }
    }
    return texts;
  }

  /**
   * Waits (at most 120 s) until the server's JVM uses less than a tenth of a core over 2 s: the
   * built-in vector store's index catch-up follows a sync, and the raw measure must not share the
   * CPU with it.
   */
  private void waitForQuietServer() throws Exception {
    String pid = options.get("server-pid");
    if (pid == null) {
      return;
    }
    Path stat = Path.of("/proc", pid, "stat");
    long ticksPerSecond = 100;
    Instant deadline = Instant.now().plusSeconds(120);
    long before = cpuTicks(stat);
    while (Instant.now().isBefore(deadline)) {
      Thread.sleep(2000);
      long now = cpuTicks(stat);
      double cores = (now - before) / (double) ticksPerSecond / 2;
      before = now;
      if (cores < 0.1) {
        log("server quiet (%.2f cores)", cores);
        return;
      }
      log("server still busy (%.2f cores); waiting", cores);
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** The server JVM's threads' CPU ticks (user and system), by thread id and name. */
  private Map<String, Long> threadTicks() {
    Map<String, Long> ticks = new HashMap<>();
    String pid = options.get("server-pid");
    if (pid == null) {
      return ticks;
    }
    try (var tasks = Files.list(Path.of("/proc", pid, "task"))) {
      for (Path task : tasks.toList()) {
        try {
          String name = Files.readString(task.resolve("comm")).strip();
          ticks.put(task.getFileName() + " " + name, cpuTicks(task.resolve("stat")));
        } catch (IOException gone) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException e) {
      log("could not read the server's threads: %s", e);
    }
    return ticks;
  }

  /**
   * Where the server's CPU went during the sync, by thread name (threads of one pool summed, their
   * names' digits dropped): the profile of the end-to-end side. ONNX Runtime's own pool threads
   * carry the name of the thread that made them.
   */
  private static void logThreadCpu(Map<String, Long> before, Map<String, Long> after, double wall) {
    Map<String, Long> byName = new HashMap<>();
    long total = 0;
    for (Map.Entry<String, Long> thread : after.entrySet()) {
      long used = thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
      String name = thread.getKey().substring(thread.getKey().indexOf(' ') + 1);
      byName.merge(name.replaceAll("[0-9]+", "#"), used, Long::sum);
      total += used;
    }
    log(
        "server JVM CPU during the sync: %.1f s in %.1f s (%.2f cores); by thread:",
        total / 100.0, wall, total / 100.0 / wall);
    byName.entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(12)
        .forEach(e -> log("  %7.1f s  %s", e.getValue() / 100.0, e.getKey()));
  }

  private static long cpuTicks(Path stat) throws IOException {
    String line = Files.readString(stat);
    String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
    // utime and stime: fields 14 and 15 of the whole line, 12 and 13 after the command.
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  private static double[] loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return new double[] {
        Double.parseDouble(fields[0]), Double.parseDouble(fields[1]), Double.parseDouble(fields[2])
      };
    } catch (IOException e) {
      return new double[] {-1, -1, -1};
    }
  }

  private record Synced(JsonObject run, double seconds) {}

  /**
   * Starts a sync and polls its run every 500 ms until it has ended; seconds from the 202. (Each
   * poll costs the server several milliseconds of CPU, authentication included: every 100 ms that
   * was 7 % of a core beside the sync.)
   */
  private Synced sync(String kb, String source) throws Exception {
    HttpResponse<String> started =
        send("POST", KBS + "/" + kb + "/sources/" + source + "/sync", "{}");
    long start = System.nanoTime();
    if (started.statusCode() != 202) {
      throw new IllegalStateException("sync: " + started.statusCode() + " " + started.body());
    }
    String id = parse(started.body()).getString("id");
    Instant deadline = Instant.now().plusSeconds(3600);
    while (Instant.now().isBefore(deadline)) {
      JsonObject run = get(KBS + "/" + kb + "/sync-runs/" + id);
      String status = run.getString("status");
      if (status.equals("ready") || status.equals("error")) {
        return new Synced(run, (System.nanoTime() - start) / 1e9);
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("sync run " + id + " did not end in an hour");
  }

  private String createKb(
      String store, String provider, String resource, int length, int overlap, String label)
      throws Exception {
    JsonObject body =
        Json.createObjectBuilder()
            .add("slug", "ingest-" + label + "-" + UUID.randomUUID().toString().substring(0, 8))
            .add("display_name", "Ingestion bench " + label)
            .add("provider_id", store)
            .add(
                "chunking",
                Json.createObjectBuilder()
                    .add("strategy", "fixed_length")
                    .add("chunk_length", length)
                    .add("chunk_overlap", overlap))
            .add(
                "vectorization",
                Json.createObjectBuilder()
                    .add("mode", "vanessa_embeddings")
                    .add("embeddings_provider_id", provider)
                    .add("embeddings_resource_id", resource))
            .build();
    return created(send("POST", KBS, body.toString())).getString("id");
  }

  private String createSource(String kb, Path dir) throws Exception {
    JsonObject body =
        Json.createObjectBuilder()
            .add("display_name", "Corpus")
            .add("path", dir.toAbsolutePath().toString())
            .add("include_globs", Json.createArrayBuilder().add("*.txt"))
            .add("exclude_globs", Json.createArrayBuilder())
            .build();
    return created(send("POST", KBS + "/" + kb + "/sources", body.toString())).getString("id");
  }

  private String login() throws Exception {
    String email = System.getenv().getOrDefault("MAINSPRING_ADMIN_EMAIL", "admin@mainspring.local");
    String password = System.getenv("MAINSPRING_ADMIN_PASSWORD");
    String body =
        Json.createObjectBuilder()
            .add("email", email)
            .add("password", password == null ? "" : password)
            .build()
            .toString();
    HttpResponse<String> reply = send("POST", "api/auth/login", body);
    if (reply.statusCode() != 200) {
      throw new IllegalStateException("login: " + reply.statusCode() + " " + reply.body());
    }
    return parse(reply.body()).getString("access_token");
  }

  private JsonObject get(String path) throws Exception {
    HttpResponse<String> reply = send("GET", path, null);
    if (reply.statusCode() != 200) {
      throw new IllegalStateException(path + ": " + reply.statusCode() + " " + reply.body());
    }
    return parse(reply.body());
  }

  private static JsonObject created(HttpResponse<String> reply) {
    if (reply.statusCode() != 201) {
      throw new IllegalStateException(reply.statusCode() + " " + reply.body());
    }
    return parse(reply.body());
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject parse(String json) {
    try (JsonReader reader = Json.createReader(new StringReader(json))) {
      return reader.readObject();
    }
  }

  private static void log(String format, Object... args) {
    System.err.println("[bench] " + String.format(Locale.ROOT, format, args));
  }

  /** Deterministic prose-like text: sentences of common English words, in paragraphs. */
  static final class Corpus {

    private static final String[] WORDS =
        ("the of and to in a is that for it as was with be by on not he this are or his from at"
                + " which but have an they you were her she there one all we their been has when"
                + " who will more no if out so said what up its about into than them can only"
                + " other new some could time these two may then do first any my now such like"
                + " our over man me even most made after also did many before must through back"
                + " years where much your way well down should because each just those people"
                + " how too little state good very make world still own see men work long get"
                + " here between both life being under never day same another know while last"
                + " might us great old year off come since against go came right used take three"
                + " states himself few house use during without again place american around"
                + " however home small found thought went say part once general high upon school"
                + " every does got united left number course war until always away something fact"
                + " though water less public put think almost hand enough far took head yet"
                + " government system better set told nothing night end why called didn find"
                + " going look asked later knew point next program city business give group toward"
                + " young days let room president side social given present several order national"
                + " possible rather second face per among form important often things looked early"
                + " white case john become large big need four within felt along children saw best"
                + " church ever least power development light thing seemed family interest want"
                + " members mind country area others done turned although open god service problem"
                + " certain kind different thus began door help means sense whole matter perhaps"
                + " itself york times law human line above name example action company hands local"
                + " show whether five history gave today either act feet across taken past quite"
                + " anything seen having death experience body word half really week field car"
                + " words already themselves information tell together college shall money period"
                + " held keep sure probably free seems political real cannot behind miss question"
                + " air office making brought whose special major heard problems federal became"
                + " study ago moment available known result street economic boy position reason"
                + " change south board individual job society areas west close turn love community"
                + " true court force full seem policy wife future age wanted department voice"
                + " center woman control common necessary following front sometimes six girl clear"
                + " further land run students provide feeling party able mother music education"
                + " university child effect level stood military town short morning total outside"
                + " rate figure class art century washington north usually leave therefore evidence"
                + " percent black view above research knowledge vector retrieval document embedding"
                + " archive manuscript ledger harbour glacier orchard lantern compass telescope")
            .split(" ");

    private Corpus() {}

    /** Writes {@code files} files of about {@code bytesEach} bytes; the total bytes written. */
    static long write(Path dir, int files, int bytesEach, long seed) throws IOException {
      Random random = new Random(seed);
      long total = 0;
      for (int f = 0; f < files; f++) {
        StringBuilder text = new StringBuilder(bytesEach + 200);
        while (text.length() < bytesEach) {
          int sentences = 3 + random.nextInt(6);
          for (int s = 0; s < sentences; s++) {
            int words = 6 + random.nextInt(18);
            for (int w = 0; w < words; w++) {
              // Skewed towards the first (most common) words, as prose is.
              double u = random.nextDouble();
              String word = WORDS[(int) (u * u * WORDS.length)];
              if (w == 0) {
                word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
              }
              text.append(word);
              if (w < words - 1) {
                text.append(random.nextInt(12) == 0 ? ", " : " ");
              }
            }
            text.append(random.nextInt(10) == 0 ? "? " : ". ");
          }
          text.append("\n\n");
        }
        byte[] content = text.toString().getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve(String.format(Locale.ROOT, "doc-%04d.txt", f)), content);
        total += content.length;
      }
      return total;
    }
  }
}
