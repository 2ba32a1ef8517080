package dev.mainspring.inference.service.embeddings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The tokenizer against the vocabulary the built-in model ships with, and a toy one. */
class WordPieceTokenizerTest {

  private static WordPieceTokenizer bert;

  @BeforeAll
  static void loadTheShippedVocabulary() throws IOException {
    try (InputStream json =
        WordPieceTokenizerTest.class.getResourceAsStream(BuiltinEmbeddings.TOKENIZER_RESOURCE)) {
      bert = WordPieceTokenizer.fromTokenizerJson(json);
    }
  }

  @Test
  void greedyLongestMatchFirstOnAToyVocabulary() {
    WordPieceTokenizer toy =
        new WordPieceTokenizer(
            Map.of(
                "[PAD]", 0, "[UNK]", 1, "[CLS]", 2, "[SEP]", 3, "un", 4, "##aff", 5, "##able", 6,
                "runn", 7, "##ing", 8, "want", 9));
    assertEquals(List.of("un", "##aff", "##able"), toy.tokenize("unaffable"));
    assertEquals(List.of("want", "[UNK]", "runn", "##ing"), toy.tokenize("want wanted running"));
  }

  @Test
  void wordsAreCutIntoThePiecesOfBertUncased() {
    assertEquals(List.of("una", "##ffa", "##ble"), bert.tokenize("unaffable"));
    assertEquals(List.of("em", "##bed", "##ding", "##s"), bert.tokenize("Embeddings"));
  }

  @Test
  void idsAreThoseOfTheVocabulary() {
    assertArrayEquals(
        new long[] {101, 7592, 1010, 2088, 999, 102}, bert.encode("Hello, world!", 256));
  }

  @Test
  void textIsLowercasedAndStrippedOfAccents() {
    assertEquals(List.of("cafe"), bert.tokenize("Café"));
    assertEquals(List.of("naive", "zurich"), bert.tokenize("NAÏVE Zürich"));
    assertEquals(List.of("resume"), bert.tokenize("re\u0301sume\u0301"));
    // One character at a time, as the model's own tokenizer does: no final sigma.
    assertEquals(List.of("σ", "##α", "##σ"), bert.tokenize("ΣΑΣ"));
  }

  @Test
  void punctuationAndSymbolsAreSplitOff() {
    assertEquals(List.of("hello", ",", "world", "!"), bert.tokenize("Hello,world!"));
    assertEquals(List.of("$", "5", ".", "00"), bert.tokenize("$5.00"));
    assertEquals(List.of("(", "abc", ")"), bert.tokenize("(abc)"));
  }

  @Test
  void whiteSpaceOfEveryKindSeparatesAndControlCharactersVanish() {
    assertEquals(List.of("abc", "x", "y"), bert.tokenize("a\u0000b\u200Bc\u00A0x\t\r\n\u3000y"));
    assertEquals(List.of("ab", "ab", "a", "b"), bert.tokenize("a\u000Bb a\u0085b a\u2029b"));
    assertEquals(List.of(), bert.tokenize(" \n\t "));
  }

  @Test
  void everyCjkIdeographIsAWordOfItsOwn() {
    assertEquals(List.of("我", "[UNK]", "北", "京"), bert.tokenize("我爱北京"));
  }

  @Test
  void aWordThatCannotBeCutIsOneUnknownToken() {
    assertEquals(List.of("hello", "[UNK]", "world"), bert.tokenize("hello x\uD83D\uDE00y world"));
    assertEquals(List.of("[UNK]"), bert.tokenize("a\u0E00b"), "an unassigned code point is kept");
  }

  @Test
  void aWordOfMoreThanOneHundredCharactersIsUnknown() {
    assertEquals(List.of("aaa", "##a"), bert.tokenize("aaaa"));
    assertEquals(50, bert.tokenize("a".repeat(100)).size());
    assertEquals(List.of("[UNK]"), bert.tokenize("a".repeat(101)));
  }

  @Test
  void encodingAddsClsAndSepAndCutsAtTheMaximumLength() {
    String longText = "word ".repeat(300);
    assertEquals(300, bert.tokenize(longText).size());
    long[] ids = bert.encode(longText, 256);
    assertEquals(256, ids.length);
    assertEquals(101, ids[0]);
    assertEquals(2773, ids[1]);
    assertEquals(102, ids[255]);
    assertEquals(4, bert.encode("two words", 256).length);
    assertThrows(IllegalArgumentException.class, () -> bert.encode("x", 1));
  }

  @Test
  void aVocabularyWithoutTheSpecialTokensIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new WordPieceTokenizer(Map.of("a", 0)));
  }
}
