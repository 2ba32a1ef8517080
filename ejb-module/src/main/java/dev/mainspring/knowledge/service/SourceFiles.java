package dev.mainspring.knowledge.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files of a {@code local_directory} source as a sync reads them: every regular file (or link
 * to one) under the directory whose source-relative path ({@code /}-separated) the globs select, in
 * path order, so a checkpoint can be "the last path done". Links are not followed while walking; a
 * link is resolved only when its file is read ({@link #open}) and refused when it leads out of the
 * source's directory.
 */
public final class SourceFiles {

  private SourceFiles() {}

  /** The selected source-relative paths under {@code directory}, sorted. */
  public static List<String> list(Path directory, List<String> include, List<String> exclude) {
    List<String> paths = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(directory)) {
      walk.filter(p -> Files.isRegularFile(p) || Files.isSymbolicLink(p))
          .map(p -> relative(directory, p))
          .filter(p -> Globs.selects(include, exclude, p))
          .forEach(paths::add);
    } catch (IOException | UncheckedIOException e) {
      throw new SourceFileException(
          "source_unreadable", "the source directory cannot be listed: " + e.getMessage());
    }
    paths.sort(null);
    return paths;
  }

  /**
   * The real path of the source-relative {@code path}, checked now (a file can have become a link
   * since it was listed): 422-style {@code source_path_escape} when it resolves outside {@code
   * directory}, {@code source_file_gone} when it no longer exists, {@code source_file_not_regular}
   * for anything but a regular file.
   */
  public static Path open(Path directory, String path) {
    Path real;
    try {
      real = directory.resolve(path).toRealPath();
    } catch (IOException e) {
      throw new SourceFileException("source_file_gone", "file " + path + " no longer exists");
    }
    if (!real.startsWith(directory)) {
      throw new SourceFileException(
          "source_path_escape", "file " + path + " is a link leading out of the source directory");
    }
    if (!Files.isRegularFile(real)) {
      throw new SourceFileException(
          "source_file_not_regular", "file " + path + " is not a regular file");
    }
    return real;
  }

  private static String relative(Path directory, Path file) {
    return directory.relativize(file).toString().replace(java.io.File.separatorChar, '/');
  }

  /**
   * A file (or the directory) a sync cannot read, with a stable code for the run's errors; an
   * application exception, so it reaches the job's artifacts as itself, not wrapped.
   */
  @jakarta.ejb.ApplicationException
  public static final class SourceFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;

    public SourceFileException(String code, String message) {
      super(message);
      this.code = code;
    }

    public String code() {
      return code;
    }
  }
}
