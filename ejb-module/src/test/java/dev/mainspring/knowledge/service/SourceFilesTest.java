package dev.mainspring.knowledge.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mainspring.knowledge.service.SourceFiles.SourceFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceFilesTest {

  @TempDir Path temp;

  @Test
  void listsSelectedFilesBySourceRelativePathInOrderWithoutFollowingLinkedDirectories()
      throws Exception {
    Path dir = Files.createDirectories(temp.resolve("source")).toRealPath();
    Path outside = Files.createDirectories(temp.resolve("outside"));
    Files.writeString(outside.resolve("secret.md"), "x");
    Files.createDirectories(dir.resolve("b/deep"));
    Files.writeString(dir.resolve("b/deep/two.md"), "2");
    Files.writeString(dir.resolve("a.md"), "1");
    Files.writeString(dir.resolve("c.txt"), "3");
    Files.writeString(dir.resolve("draft.md"), "4");
    Files.createSymbolicLink(dir.resolve("linked"), outside);

    assertEquals(
        List.of("a.md", "b/deep/two.md", "draft.md"),
        SourceFiles.list(dir, List.of("*.md"), List.of()));
    assertEquals(
        List.of("a.md", "b/deep/two.md", "c.txt"),
        SourceFiles.list(dir, List.of(), List.of("draft*", "linked")));
  }

  @Test
  void aFileIsResolvedWhenReadAndRefusedWhenItLeadsOutOfTheDirectory() throws Exception {
    Path dir = Files.createDirectories(temp.resolve("source")).toRealPath();
    Path outside = Files.writeString(temp.resolve("outside.txt"), "secret");
    Files.writeString(dir.resolve("inside.txt"), "fine");
    Files.createSymbolicLink(dir.resolve("escape.txt"), outside);
    Files.createSymbolicLink(dir.resolve("alias.txt"), dir.resolve("inside.txt"));
    Files.createDirectories(dir.resolve("folder"));

    assertEquals(dir.resolve("inside.txt"), SourceFiles.open(dir, "inside.txt"));
    assertEquals(dir.resolve("inside.txt"), SourceFiles.open(dir, "alias.txt"));
    assertEquals(
        "source_path_escape",
        assertThrows(SourceFileException.class, () -> SourceFiles.open(dir, "escape.txt")).code());
    assertEquals(
        "source_path_escape",
        assertThrows(SourceFileException.class, () -> SourceFiles.open(dir, "../outside.txt"))
            .code());
    assertEquals(
        "source_file_gone",
        assertThrows(SourceFileException.class, () -> SourceFiles.open(dir, "missing.txt")).code());
    assertEquals(
        "source_file_not_regular",
        assertThrows(SourceFileException.class, () -> SourceFiles.open(dir, "folder")).code());
  }
}
