package dev.mainspring.knowledge.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.platform.error.InvalidRequestException;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cases as Python's fnmatch.fnmatchcase answers them. */
class GlobsTest {

  @Test
  void starMatchesAnyRunIncludingSlashes() {
    assertTrue(Globs.matches("*.md", "notes/deep/readme.md"));
    assertTrue(Globs.matches("docs/*", "docs/a/b.txt"));
    assertTrue(Globs.matches("*", ""));
    assertFalse(Globs.matches("*.md", "readme.mdx"));
  }

  @Test
  void questionMarkAndSetsMatchOneCharacter() {
    assertTrue(Globs.matches("file?.txt", "file1.txt"));
    assertFalse(Globs.matches("file?.txt", "file10.txt"));
    assertTrue(Globs.matches("[abc].txt", "b.txt"));
    assertFalse(Globs.matches("[!abc].txt", "b.txt"));
    assertTrue(Globs.matches("[!abc].txt", "d.txt"));
    assertTrue(Globs.matches("v[0-9].md", "v7.md"));
    assertTrue(Globs.matches("[]].md", "].md"));
  }

  @Test
  void bracesAreLiteralAndSoIsAnUnclosedBracket() {
    assertFalse(Globs.matches("*.{md,txt}", "a.md"));
    assertTrue(Globs.matches("*.{md,txt}", "a.{md,txt}"));
    assertTrue(Globs.matches("a[b", "a[b"));
    assertTrue(Globs.matches("a.b+(c)$", "a.b+(c)$"), "regex characters are literal");
  }

  @Test
  void matchingIsCaseSensitive() {
    assertFalse(Globs.matches("*.MD", "a.md"));
  }

  @Test
  void includesSelectExcludesWin() {
    assertTrue(Globs.selects(List.of(), List.of(), "any/file.pdf"));
    assertTrue(Globs.selects(List.of("*.md"), List.of(), "a.md"));
    assertFalse(Globs.selects(List.of("*.md"), List.of("drafts/*"), "drafts/a.md"));
    assertFalse(Globs.selects(List.of("*.md"), List.of(), "a.txt"));
  }

  @Test
  void blankLongOrTooManyGlobsAreRefused() {
    assertEquals(List.of(), Globs.check("include_globs", null));
    for (List<String> bad :
        List.of(
            List.of(" "),
            List.of("x".repeat(Globs.MAX_LENGTH + 1)),
            Collections.nCopies(Globs.MAX_GLOBS + 1, "*"))) {
      InvalidRequestException e =
          assertThrows(InvalidRequestException.class, () -> Globs.check("include_globs", bad));
      assertEquals("invalid_glob", e.code());
    }
  }
}
