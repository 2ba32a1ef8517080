package dev.mainspring.knowledge.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

class TokenWindowsTest {

  /** One token per character: easy to count by hand. */
  private static final ToIntFunction<String> CHARS = String::length;

  /** One token per word. */
  private static final ToIntFunction<String> WORDS = word -> 1;

  @Test
  void windowsHoldAtMostTheLengthAndShareTheOverlap() {
    List<TokenWindows.Window> windows = TokenWindows.split("a b c d e f g h i j", 4, 1, WORDS);
    assertEquals(
        List.of("a b c d", "d e f g", "g h i j"),
        windows.stream().map(TokenWindows.Window::text).toList());
    windows.forEach(w -> assertTrue(w.tokens() <= 4));
  }

  @Test
  void withoutOverlapEveryWordIsInExactlyOneWindow() {
    List<TokenWindows.Window> windows = TokenWindows.split("a b c d e", 2, 0, WORDS);
    assertEquals(
        List.of("a b", "c d", "e"), windows.stream().map(TokenWindows.Window::text).toList());
  }

  @Test
  void chunkTextIsTheDocumentsOwnTextWithItsLineBreaks() {
    String text = "First line,\nsecond   line.";
    List<TokenWindows.Window> windows = TokenWindows.split(text, 100, 0, WORDS);
    assertEquals(List.of(text), windows.stream().map(TokenWindows.Window::text).toList());
  }

  @Test
  void aWordLongerThanAWindowIsCutIntoPiecesThatFit() {
    List<TokenWindows.Window> windows = TokenWindows.split("abcdefghij", 4, 0, CHARS);
    assertEquals(
        "abcdefghij", String.join("", windows.stream().map(TokenWindows.Window::text).toList()));
    windows.forEach(w -> assertTrue(w.tokens() <= 4, w.toString()));
  }

  @Test
  void anOverlapAsLongAsTheWordsStillMovesOn() {
    List<TokenWindows.Window> windows = TokenWindows.split("aaa bbb ccc", 4, 3, CHARS);
    assertEquals(
        List.of("aaa", "bbb", "ccc"), windows.stream().map(TokenWindows.Window::text).toList());
  }

  @Test
  void whiteSpaceOnlyMakesNoChunkAndBadSettingsAreRefused() {
    assertEquals(List.of(), TokenWindows.split(" \n\t ", 10, 0, WORDS));
    assertThrows(IllegalArgumentException.class, () -> TokenWindows.split("a", 4, 4, WORDS));
  }
}
