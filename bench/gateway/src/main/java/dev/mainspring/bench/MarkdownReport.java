package dev.mainspring.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The benchmark's result as Markdown: the conditions, one table row per rate and mode, a verdict.
 */
final class MarkdownReport {

  /** The rate and bound the verdict is judged against. */
  static final int TARGET_RATE = 500;

  static final double TARGET_P99_MILLIS = 5.0;

  private MarkdownReport() {}

  /**
   * The report; {@code maxSteal} is the host's steal time (percent) above which a trial was run
   * again, and a verdict from kept trials with more than that says it is not conclusive.
   */
  static String render(
      String conditions, List<Row> rows, List<Mode> modes, List<String> notes, double maxSteal) {
    StringBuilder out = new StringBuilder();
    out.append(conditions).append("\n\n");
    out.append(
        "| rate (req/s) | mode | direct p50 | direct p99 | via p50 | via p99 | added p50 |"
            + " added p99 | added p99 by trial | added TTFT p50 | added TTFT p99 |"
            + " errors direct / via | achieved via (req/s) | max send lag direct / via |"
            + " host steal % direct / via |\n");
    out.append("|---:|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|\n");
    for (Row row : rows) {
      boolean stream = row.mode().streamed();
      out.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %d / %d | %.0f | %s / %s |"
                  + " %s / %s |%n",
              row.rate(),
              row.mode(),
              ms(row.directMillis(50)),
              ms(row.directMillis(99)),
              ms(row.viaMillis(50)),
              ms(row.viaMillis(99)),
              ms(row.addedMillis(50)),
              ms(row.addedMillis(99)),
              Row.join(row.addedMillisByTrial(99), MarkdownReport::ms),
              stream ? ms(row.addedFirstDataMillis(50)) : "–",
              stream ? ms(row.addedFirstDataMillis(99)) : "–",
              row.errors(row.direct()),
              row.errors(row.via()),
              row.achievedVia(),
              ms(row.maxSendLag(row.direct())),
              ms(row.maxSendLag(row.via())),
              percent(row.maxSteal(row.direct())),
              percent(row.maxSteal(row.via()))));
    }
    out.append("\nTimes in milliseconds, each the median over the trials of a rate and mode.")
        .append(" Added = via Mainspring minus direct, percentile by percentile, per trial;")
        .append(" TTFT = time to the first `data:` line; send lag = how late the generator sent")
        .append(" its latest request (the whole machine stalling shows here); host steal = the")
        .append(" most CPU time the host took from this machine during a kept trial (a trial")
        .append(" during which it took more than the limit is run again, see the notes).\n\n");
    for (Mode mode : modes) {
      out.append("- Highest rate held through Mainspring without errors, ")
          .append(mode)
          .append(": ")
          .append(highestHeld(rows, mode))
          .append('\n');
    }
    for (Mode mode : modes) {
      out.append("- Target, added p99 under ")
          .append(ms(TARGET_P99_MILLIS))
          .append(" ms at ")
          .append(TARGET_RATE)
          .append(" req/s, ")
          .append(mode)
          .append(": ")
          .append(verdict(rows, mode, maxSteal))
          .append('\n');
    }
    if (!notes.isEmpty()) {
      out.append('\n');
      notes.forEach(note -> out.append("- ").append(note).append('\n'));
    }
    String errors = errorDetails(rows);
    if (!errors.isEmpty()) {
      out.append("\nErrors:\n").append(errors);
    }
    return out.toString();
  }

  private static String highestHeld(List<Row> rows, Mode mode) {
    return rows.stream()
        .filter(row -> row.mode() == mode && row.heldViaMainspring())
        .mapToInt(Row::rate)
        .max()
        .stream()
        .mapToObj(rate -> rate + " req/s")
        .findFirst()
        .orElse("none of the rates tried");
  }

  private static String verdict(List<Row> rows, Mode mode, double maxSteal) {
    return rows.stream()
        .filter(row -> row.mode() == mode && row.rate() == TARGET_RATE)
        .findFirst()
        .map(
            row -> {
              if (!row.anySuccessVia()) {
                return "no request succeeded through Mainspring, not met";
              }
              double added = row.addedMillis(99);
              boolean met = added < TARGET_P99_MILLIS && row.errors(row.via()) == 0;
              double steal = Math.max(row.maxSteal(row.direct()), row.maxSteal(row.via()));
              String verdict = ms(added) + " ms, " + (met ? "met" : "not met");
              return steal > maxSteal
                  ? verdict
                      + " (not conclusive: the host took up to "
                      + percent(steal)
                      + " % of the CPU during a kept trial; measure again when it is quieter)"
                  : verdict;
            })
        .orElse("not measured (" + TARGET_RATE + " req/s was not run)");
  }

  private static String errorDetails(List<Row> rows) {
    StringBuilder out = new StringBuilder();
    for (Row row : rows) {
      for (int trial = 0; trial < row.trials(); trial++) {
        describe(out, row, "direct", row.direct().get(trial).errors());
        describe(out, row, "via Mainspring", row.via().get(trial).errors());
      }
    }
    return out.toString();
  }

  private static void describe(
      StringBuilder out, Row row, String path, Map<String, Integer> errors) {
    if (!errors.isEmpty()) {
      out.append("- ")
          .append(row.rate())
          .append(" req/s ")
          .append(row.mode())
          .append(' ')
          .append(path)
          .append(": ")
          .append(
              errors.entrySet().stream()
                  .map(e -> e.getKey() + " × " + e.getValue())
                  .collect(Collectors.joining(", ")))
          .append('\n');
    }
  }

  private static String percent(double value) {
    return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.1f", value);
  }

  private static String ms(double millis) {
    return Double.isNaN(millis) ? "–" : String.format(Locale.ROOT, "%.2f", millis);
  }
}
