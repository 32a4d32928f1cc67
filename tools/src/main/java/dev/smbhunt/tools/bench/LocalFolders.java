package dev.smbhunt.tools.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Local folder housekeeping of the bench (DuckDB's spill folder): bench files are local by design.
 */
final class LocalFolders {
  private LocalFolders() {}

  /** Deletes {@code dir} and everything below it; an absent folder is left as it is. */
  public static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      // Deepest first, so each folder is empty when its turn comes.
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear " + dir, e);
    }
  }
}
