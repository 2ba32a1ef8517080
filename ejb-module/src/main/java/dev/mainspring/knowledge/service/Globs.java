package dev.mainspring.knowledge.service;

import dev.mainspring.platform.error.InvalidRequestException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Document C's include/exclude globs: Python {@code fnmatch} rules on source-relative paths. {@code
 * *} matches any run of characters, {@code /} included (fnmatch knows no directories); {@code ?}
 * one character; {@code [seq]} one character of the set, {@code [!seq]} one not in it (ranges like
 * {@code a-z} allowed); a {@code [} without its {@code ]} is a literal; everything else matches
 * itself. No brace expansion: {@code {a,b}} is literal text. Matching is case-sensitive, as
 * fnmatchcase is.
 */
public final class Globs {

  /** The most globs one list may hold. */
  public static final int MAX_GLOBS = 50;

  /** The longest glob. */
  public static final int MAX_LENGTH = 300;

  private Globs() {}

  /** Whether {@code path} matches {@code glob}. */
  public static boolean matches(String glob, String path) {
    return compile(glob).matcher(path).matches();
  }

  /**
   * Whether a source-relative path is taken: it matches an include glob (or there are none) and no
   * exclude glob.
   */
  public static boolean selects(List<String> include, List<String> exclude, String path) {
    boolean included = include.isEmpty() || include.stream().anyMatch(g -> matches(g, path));
    return included && exclude.stream().noneMatch(g -> matches(g, path));
  }

  /** The list checked; 400 {@code invalid_glob} for a blank, too long or too many globs. */
  public static List<String> check(String field, List<String> globs) {
    if (globs == null) {
      return List.of();
    }
    if (globs.size() > MAX_GLOBS) {
      throw invalid(field + " holds at most " + MAX_GLOBS + " globs");
    }
    for (String glob : globs) {
      if (glob == null || glob.isBlank() || glob.length() > MAX_LENGTH || glob.indexOf('\0') >= 0) {
        throw invalid(field + " globs must be 1 to " + MAX_LENGTH + " characters, not blank");
      }
    }
    return List.copyOf(globs);
  }

  /** fnmatch.translate, in Java's regex syntax. */
  static Pattern compile(String glob) {
    StringBuilder regex = new StringBuilder();
    int i = 0;
    int n = glob.length();
    while (i < n) {
      char c = glob.charAt(i++);
      if (c == '*') {
        regex.append(".*");
      } else if (c == '?') {
        regex.append('.');
      } else if (c == '[') {
        int j = i;
        if (j < n && glob.charAt(j) == '!') {
          j++;
        }
        if (j < n && glob.charAt(j) == ']') {
          j++;
        }
        while (j < n && glob.charAt(j) != ']') {
          j++;
        }
        if (j >= n) {
          regex.append("\\[");
        } else {
          String set = glob.substring(i, j);
          i = j + 1;
          StringBuilder cls = new StringBuilder("[");
          int k = 0;
          if (set.startsWith("!")) {
            cls.append('^');
            k = 1;
          }
          for (; k < set.length(); k++) {
            char s = set.charAt(k);
            if (s == '-' && k > 0 && k < set.length() - 1) {
              cls.append('-');
            } else if (Character.isLetterOrDigit(s)) {
              cls.append(s);
            } else {
              cls.append('\\').append(s);
            }
          }
          regex.append(cls).append(']');
        }
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  private static InvalidRequestException invalid(String message) {
    return new InvalidRequestException("invalid_glob", message);
  }
}
