package dev.mainspring.knowledge.service;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Document C's {@code fixed_length} chunking: windows of at most {@code length} tokens, each
 * starting {@code overlap} tokens before the end of the one before. Tokens are counted by the
 * embeddings target's tokenizer, word by word (a word: a run of non-white-space characters), and a
 * window ends at a word's end, so a chunk's text is a piece of the document exactly as written
 * rather than text decoded from tokens (the built-in WordPiece tokenizer lower-cases and strips
 * accents, so its tokens cannot give the original back). A single word longer than a window is cut
 * by characters into pieces that fit.
 */
public final class TokenWindows {

  /** One chunk: its text and how many tokens the tokenizer counts in it. */
  public record Window(String text, int tokens) {}

  private record Word(int start, int end, int tokens) {}

  private TokenWindows() {}

  /** The chunks of {@code text}; none for a text of white space only. */
  public static List<Window> split(
      String text, int length, int overlap, ToIntFunction<String> tokenizer) {
    if (length < 1 || overlap < 0 || overlap >= length) {
      throw new IllegalArgumentException("need 0 <= overlap < length");
    }
    List<Word> words = words(text, length, tokenizer);
    List<Window> windows = new ArrayList<>();
    int first = 0;
    while (first < words.size()) {
      int tokens = 0;
      int last = first;
      while (last < words.size() && (last == first || tokens + words.get(last).tokens <= length)) {
        tokens += words.get(last).tokens;
        last++;
      }
      windows.add(
          new Window(text.substring(words.get(first).start, words.get(last - 1).end), tokens));
      if (last == words.size()) {
        break;
      }
      // The next window starts with the last words of this one that hold at most overlap tokens,
      // but always after this one's start, so every window moves on.
      int next = last;
      int shared = 0;
      while (next - 1 > first && shared + words.get(next - 1).tokens <= overlap) {
        shared += words.get(next - 1).tokens;
        next--;
      }
      first = next;
    }
    return windows;
  }

  private static List<Word> words(String text, int length, ToIntFunction<String> tokenizer) {
    List<Word> words = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      while (i < n && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      if (i > start) {
        addWord(text, start, i, length, tokenizer, words);
      }
    }
    return words;
  }

  /** Adds the word, cut in halves until each piece has at most {@code length} tokens. */
  private static void addWord(
      String text,
      int start,
      int end,
      int length,
      ToIntFunction<String> tokenizer,
      List<Word> words) {
    int tokens = tokenizer.applyAsInt(text.substring(start, end));
    if (tokens <= length || end - start < 2) {
      words.add(new Word(start, end, Math.max(tokens, 1)));
      return;
    }
    int middle = start + (end - start) / 2;
    if (Character.isHighSurrogate(text.charAt(middle - 1))) {
      middle++;
    }
    addWord(text, start, middle, length, tokenizer, words);
    addWord(text, middle, end, length, tokenizer, words);
  }
}
