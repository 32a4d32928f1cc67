package dev.smbhunt.jobs.testing;

import dev.smbhunt.jobs.storage.Location;
import dev.smbhunt.jobs.storage.TableRef;
import java.nio.file.Path;

/**
 * Tests keep their tables in local {@code @TempDir} folders: these turn such a folder into what the
 * code takes.
 */
public final class Local {
  private Local() {}

  public static Location at(Path dir) {
    return Location.of(dir.toAbsolutePath().toString());
  }

  public static TableRef table(Path dir) {
    return TableRef.at(at(dir));
  }

  public static Path path(Location location) {
    return Path.of(location.display());
  }
}
