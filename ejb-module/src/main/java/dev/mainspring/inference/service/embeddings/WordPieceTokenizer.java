package dev.mainspring.inference.service.embeddings;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.InputStream;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * BERT's uncased WordPiece tokenizer, which turns text into the token ids the built-in embeddings
 * model was trained on. Text is first normalised and split into words: control characters are
 * dropped, every CJK ideograph becomes a word of its own, letters are lowercased and stripped of
 * accents, and punctuation marks are split off. Each word is then cut greedily into the longest
 * pieces the vocabulary knows, pieces after the first carrying the {@code ##} prefix; a word that
 * cannot be cut that way, or is longer than 100 characters, becomes the one token {@code [UNK]}.
 */
final class WordPieceTokenizer {

  private static final String UNKNOWN = "[UNK]";
  private static final String CLASSIFIER = "[CLS]";
  private static final String SEPARATOR = "[SEP]";

  private static final String CONTINUATION = "##";
  private static final int MAX_WORD_CHARS = 100;

  private final Map<String, Integer> vocabulary;

  WordPieceTokenizer(Map<String, Integer> vocabulary) {
    for (String special : List.of(UNKNOWN, CLASSIFIER, SEPARATOR)) {
      if (!vocabulary.containsKey(special)) {
        throw new IllegalArgumentException("the vocabulary has no " + special);
      }
    }
    this.vocabulary = Map.copyOf(vocabulary);
  }

  /** The tokenizer whose vocabulary is the {@code model.vocab} map of a tokenizer.json. */
  static WordPieceTokenizer fromTokenizerJson(InputStream tokenizerJson) {
    try (JsonReader reader = Json.createReader(tokenizerJson)) {
      JsonObject vocab = reader.readObject().getJsonObject("model").getJsonObject("vocab");
      Map<String, Integer> vocabulary = new HashMap<>();
      for (Map.Entry<String, JsonValue> entry : vocab.entrySet()) {
        vocabulary.put(entry.getKey(), ((JsonNumber) entry.getValue()).intValueExact());
      }
      return new WordPieceTokenizer(vocabulary);
    }
  }

  /** The word pieces of {@code text}, without {@code [CLS]} and {@code [SEP]}. */
  List<String> tokenize(String text) {
    List<String> pieces = new ArrayList<>();
    for (String word : words(normalize(text))) {
      addPieces(word, pieces);
    }
    return pieces;
  }

  /**
   * The model input for {@code text}: {@code [CLS]}, the ids of its word pieces and {@code [SEP]},
   * the pieces cut at the end so that the whole is at most {@code maxLength} ids long.
   */
  long[] encode(String text, int maxLength) {
    if (maxLength < 2) {
      throw new IllegalArgumentException("maxLength must leave room for [CLS] and [SEP]");
    }
    List<String> pieces = tokenize(text);
    int kept = Math.min(pieces.size(), maxLength - 2);
    long[] ids = new long[kept + 2];
    ids[0] = vocabulary.get(CLASSIFIER);
    for (int i = 0; i < kept; i++) {
      ids[i + 1] = vocabulary.get(pieces.get(i));
    }
    ids[kept + 1] = vocabulary.get(SEPARATOR);
    return ids;
  }

  /**
   * Drops control characters, turns every other kind of white space into a space, puts spaces
   * around CJK ideographs, strips accents (the combining marks that canonical decomposition
   * separates from their letters) and lowercases, one character at a time (a final capital sigma
   * becomes σ, as in the tokenizer the model was trained with).
   */
  private static String normalize(String text) {
    StringBuilder cleaned = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            c -> {
              if (isControl(c)) {
                return;
              }
              if (isWhitespace(c)) {
                cleaned.append(' ');
              } else if (isCjkIdeograph(c)) {
                cleaned.append(' ').appendCodePoint(c).append(' ');
              } else {
                cleaned.appendCodePoint(c);
              }
            });
    String decomposed = Normalizer.normalize(cleaned, Normalizer.Form.NFD);
    StringBuilder normalized = new StringBuilder(decomposed.length());
    decomposed
        .codePoints()
        .filter(c -> Character.getType(c) != Character.NON_SPACING_MARK)
        .map(Character::toLowerCase)
        .forEach(normalized::appendCodePoint);
    return normalized.toString();
  }

  /** Splits normalised text at white space, and around every punctuation mark. */
  private static List<String> words(String normalized) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    normalized
        .codePoints()
        .forEach(
            c -> {
              if (c == ' ' || isPunctuation(c)) {
                if (!word.isEmpty()) {
                  words.add(word.toString());
                  word.setLength(0);
                }
                if (c != ' ') {
                  words.add(Character.toString(c));
                }
              } else {
                word.appendCodePoint(c);
              }
            });
    if (!word.isEmpty()) {
      words.add(word.toString());
    }
    return words;
  }

  /** Cuts one word into the longest pieces the vocabulary has, from left to right. */
  private void addPieces(String word, List<String> pieces) {
    int[] chars = word.codePoints().toArray();
    if (chars.length > MAX_WORD_CHARS) {
      pieces.add(UNKNOWN);
      return;
    }
    List<String> wordPieces = new ArrayList<>();
    int start = 0;
    while (start < chars.length) {
      String prefix = start > 0 ? CONTINUATION : "";
      String piece = null;
      int end = chars.length;
      for (; end > start; end--) {
        String candidate = prefix + new String(chars, start, end - start);
        if (vocabulary.containsKey(candidate)) {
          piece = candidate;
          break;
        }
      }
      if (piece == null) {
        pieces.add(UNKNOWN);
        return;
      }
      wordPieces.add(piece);
      start = end;
    }
    pieces.addAll(wordPieces);
  }

  /** Tab, line feed, carriage return, and the Unicode space, line and paragraph separators. */
  private static boolean isWhitespace(int c) {
    return switch (Character.getType(c)) {
      case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR ->
          true;
      default -> c == '\t' || c == '\n' || c == '\r';
    };
  }

  /**
   * Control, format, private-use and surrogate characters other than tab, line feed and carriage
   * return, and the replacement character U+FFFD. Unassigned code points are kept (and end up as
   * {@code [UNK]}), as the reference tokenizer does.
   */
  private static boolean isControl(int c) {
    if (c == '\t' || c == '\n' || c == '\r') {
      return false;
    }
    return switch (Character.getType(c)) {
      case Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.SURROGATE -> true;
      default -> c == 0xFFFD;
    };
  }

  /** ASCII symbols count as punctuation too (BERT splits "$" and "^" off like "." and ","). */
  private static boolean isPunctuation(int c) {
    if (c > ' ' && c < 0x7F && !Character.isLetterOrDigit(c)) {
      return true;
    }
    return switch (Character.getType(c)) {
      case Character.CONNECTOR_PUNCTUATION,
          Character.DASH_PUNCTUATION,
          Character.START_PUNCTUATION,
          Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION,
          Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION ->
          true;
      default -> false;
    };
  }

  /** The CJK Unified Ideographs blocks and their extensions A to E, and the compatibility ones. */
  private static boolean isCjkIdeograph(int c) {
    return (c >= 0x4E00 && c <= 0x9FFF)
        || (c >= 0x3400 && c <= 0x4DBF)
        || (c >= 0x20000 && c <= 0x2A6DF)
        || (c >= 0x2A700 && c <= 0x2B73F)
        || (c >= 0x2B740 && c <= 0x2B81F)
        || (c >= 0x2B820 && c <= 0x2CEAF)
        || (c >= 0xF900 && c <= 0xFAFF)
        || (c >= 0x2F800 && c <= 0x2FA1F);
  }
}
