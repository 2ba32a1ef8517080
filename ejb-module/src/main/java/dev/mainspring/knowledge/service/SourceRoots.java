package dev.mainspring.knowledge.service;

import dev.mainspring.platform.error.InvalidRequestException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The directories {@code local_directory} sources may read ({@code CONTEXT_SOURCE_ROOTS}: absolute
 * paths separated by commas or the platform's path separator), and the check of a source's path
 * against them. A path must be absolute, name no {@code ..} segment, exist as a directory, and
 * resolve, with every symbolic link on the way followed, to a directory inside a root (itself
 * resolved the same way), so neither {@code ..} nor a link leads out of the roots.
 */
public final class SourceRoots {

  private final List<Path> roots;

  private SourceRoots(List<Path> roots) {
    this.roots = roots;
  }

  /** The roots of a {@code CONTEXT_SOURCE_ROOTS} value; blank or null: none. */
  public static SourceRoots parse(String value) {
    List<Path> roots = new ArrayList<>();
    if (value != null) {
      for (String root : value.split("[," + java.io.File.pathSeparator + "]")) {
        if (!root.isBlank()) {
          roots.add(Path.of(root.trim()));
        }
      }
    }
    return new SourceRoots(List.copyOf(roots));
  }

  /**
   * The path checked, as the real path it resolves to; 400 {@code source_roots_not_configured},
   * {@code invalid_source_path}, {@code source_path_escape}, {@code source_path_not_directory} or
   * {@code source_path_outside_roots} otherwise.
   */
  public String check(String path) {
    if (roots.isEmpty()) {
      throw new InvalidRequestException(
          "source_roots_not_configured",
          "no local directory may be used: CONTEXT_SOURCE_ROOTS names no root");
    }
    Path asked;
    try {
      asked = Path.of(path);
    } catch (InvalidPathException e) {
      throw invalid("invalid_source_path", "path is not a valid path");
    }
    if (!asked.isAbsolute()) {
      throw invalid("invalid_source_path", "path must be absolute");
    }
    for (Path segment : asked) {
      if (segment.toString().equals("..")) {
        throw invalid("source_path_escape", "path must not contain ..");
      }
    }
    Path real;
    try {
      real = asked.toRealPath();
    } catch (IOException e) {
      throw invalid("source_path_not_directory", "path " + path + " does not exist");
    }
    if (!Files.isDirectory(real)) {
      throw invalid("source_path_not_directory", "path " + path + " is not a directory");
    }
    for (Path root : roots) {
      try {
        if (real.startsWith(root.toRealPath())) {
          return real.toString();
        }
      } catch (IOException e) {
        // A root that does not exist (yet) holds nothing.
      }
    }
    throw invalid(
        "source_path_outside_roots",
        "path " + path + " is not inside a root CONTEXT_SOURCE_ROOTS allows (links followed)");
  }

  private static InvalidRequestException invalid(String code, String message) {
    return new InvalidRequestException(code, message);
  }
}
