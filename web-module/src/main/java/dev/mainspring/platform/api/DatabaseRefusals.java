package dev.mainspring.platform.api;

import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The safety net behind request validation: PostgreSQL refusing a value the client sent is the
 * client's error, a 400, not a 500. The edge already refuses what it can see coming ({@link
 * RequestTextGuard} refuses NUL characters); this catches what a resource's validation missed,
 * found by the SQLState of the database's error anywhere in the exception's causes. The transaction
 * has been rolled back by then, so the request changed nothing.
 *
 * <table>
 *   <caption>SQLStates answered as the client's error</caption>
 *   <tr><th>SQLState</th><th>PostgreSQL's name</th><th>code</th></tr>
 *   <tr><td>22021</td><td>character_not_in_repertoire (a NUL in text)</td><td>invalid_text</td></tr>
 *   <tr><td>22P05</td><td>untranslatable_character (the escape of NUL in jsonb)</td><td>invalid_text</td></tr>
 *   <tr><td>22001</td><td>string_data_right_truncation</td><td>value_too_long</td></tr>
 *   <tr><td>22003</td><td>numeric_value_out_of_range</td><td>value_out_of_range</td></tr>
 *   <tr><td>54000</td><td>program_limit_exceeded (a value too large to index)</td>
 *       <td>value_too_long</td></tr>
 * </table>
 */
final class DatabaseRefusals {

  private static final Logger LOG = Logger.getLogger(DatabaseRefusals.class.getName());

  private DatabaseRefusals() {}

  /** The 400 problem for a database refusal among {@code e}'s causes, or null if there is none. */
  static Problem problemFor(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        Problem problem = problemFor(sql.getSQLState());
        if (problem != null) {
          LOG.log(Level.FINE, "the database refused a value: SQLState {0}", sql.getSQLState());
          return problem;
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  static Problem problemFor(String sqlState) {
    if (sqlState == null) {
      return null;
    }
    return switch (sqlState) {
      case "22021", "22P05" ->
          Problem.of(
              400,
              "Bad Request",
              "invalid_text",
              "a text value contains a character that cannot be stored, such as NUL (\\u0000)");
      case "22001", "54000" ->
          Problem.of(400, "Bad Request", "value_too_long", "a value is too long to be stored");
      case "22003" ->
          Problem.of(
              400, "Bad Request", "value_out_of_range", "a number is out of the range it can take");
      default -> null;
    };
  }
}
