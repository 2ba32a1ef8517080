package dev.mainspring.knowledge.service.vector.pgvector;

import java.util.regex.Pattern;

/**
 * The SQL names of a pgvector index: a table {@code msv_<index>} and its HNSW index {@code
 * msv_<index>_hnsw}. An index name is lower-case letters, digits and underscores, starting with a
 * letter, at most {@value #MAX_INDEX_NAME} characters, so the table name is a plain PostgreSQL
 * identifier of at most 63 bytes with its suffix; anything else is refused, never rewritten, so two
 * names can never map to one table. Names are still always written quoted.
 *
 * <pre>{@code
 * PgVectorNames.table("kb_0190aa..."); // "\"msv_kb_0190aa...\""
 * PgVectorNames.table("Robert'); drop table x; --"); // IllegalArgumentException
 * }</pre>
 */
public final class PgVectorNames {

  /** The longest index name: 63 bytes less {@code msv_} and {@code _hnsw}. */
  public static final int MAX_INDEX_NAME = 54;

  private static final String PREFIX = "msv_";
  private static final Pattern NAME =
      Pattern.compile("[a-z][a-z0-9_]{0," + (MAX_INDEX_NAME - 1) + "}");

  private PgVectorNames() {}

  /** Whether the index name can name a table. */
  public static boolean valid(String index) {
    return index != null && NAME.matcher(index).matches();
  }

  /** The table's unquoted name, as the catalog knows it. */
  public static String tableName(String index) {
    return PREFIX + checked(index);
  }

  /** The quoted table name. */
  public static String table(String index) {
    return quote(tableName(index));
  }

  /** The quoted name of the table's HNSW index. */
  public static String hnswIndex(String index) {
    return quote(tableName(index) + "_hnsw");
  }

  private static String checked(String index) {
    if (!valid(index)) {
      throw new IllegalArgumentException(
          "a pgvector index name is [a-z][a-z0-9_]{0," + (MAX_INDEX_NAME - 1) + "}");
    }
    return index;
  }

  /** A double-quoted identifier (a checked name has no quote to double, but it would be). */
  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
