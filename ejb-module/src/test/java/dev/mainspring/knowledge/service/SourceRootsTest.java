package dev.mainspring.knowledge.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mainspring.platform.error.InvalidRequestException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceRootsTest {

  @TempDir Path temp;

  @Test
  void aDirectoryInsideARootIsTakenAsItsRealPath() throws IOException {
    Path root = Files.createDirectories(temp.resolve("root"));
    Path docs = Files.createDirectories(root.resolve("docs/team"));
    SourceRoots roots = SourceRoots.parse(" , " + root + ",/nonexistent-root");
    assertEquals(docs.toRealPath().toString(), roots.check(docs.toString()));
    assertEquals(root.toRealPath().toString(), roots.check(root.toString()));
  }

  @Test
  void escapesRelativePathsAndMissingDirectoriesAreRefused() throws IOException {
    Path root = Files.createDirectories(temp.resolve("root"));
    Path outside = Files.createDirectories(temp.resolve("outside"));
    Files.createDirectories(root.resolve("docs"));
    Path file = Files.writeString(root.resolve("file.txt"), "x");
    Path link = Files.createSymbolicLink(root.resolve("link"), outside);
    Path linkedRoot = Files.createSymbolicLink(temp.resolve("linked-root"), root);
    SourceRoots roots = SourceRoots.parse(root.toString());
    assertCode("source_path_escape", roots, root + "/docs/../../outside");
    assertCode("source_path_escape", roots, root + "/docs/..");
    assertCode("invalid_source_path", roots, "docs");
    assertCode("source_path_outside_roots", roots, outside.toString());
    assertCode("source_path_outside_roots", roots, link.toString());
    assertCode("source_path_outside_roots", roots, link + "/");
    assertCode("source_path_not_directory", roots, file.toString());
    assertCode("source_path_not_directory", roots, root + "/missing");
    assertEquals(root.toRealPath().toString(), roots.check(linkedRoot.toString()));
    assertCode("source_roots_not_configured", SourceRoots.parse(" "), root.toString());
  }

  private static void assertCode(String code, SourceRoots roots, String path) {
    InvalidRequestException e =
        assertThrows(InvalidRequestException.class, () -> roots.check(path), path);
    assertEquals(code, e.code(), path);
  }
}
