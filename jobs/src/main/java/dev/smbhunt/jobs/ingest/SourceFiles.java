package dev.smbhunt.jobs.ingest;

import dev.smbhunt.transforms.ingest.ExportFormat;
import dev.smbhunt.transforms.schema.MdeTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Lists the export files under a source folder. Local paths only, like the lake reader. */
final class SourceFiles {
  private SourceFiles() {}

  /**
   * Every {@code .json}/{@code .jsonl} file under {@code source}, in path order, except hidden ones and
   * those whose folder names a table that is not being ingested ({@code insights-logs-advancedhunting-<table>}
   * or {@code am-<Table>}). A file whose folder names no known table is read: its records say their table.
   *
   * @throws IngestException when {@code source} is not a folder
   */
  static List<SourceFile> list(Path source, ExportFormat format, List<MdeTable> tables) {
    if (!Files.isDirectory(source)) {
      throw new IngestException("source folder not found: " + source.toAbsolutePath());
    }
    List<SourceFile> files = new ArrayList<>();
    try (Stream<Path> paths = Files.walk(source)) {
      for (Path p : paths.sorted(Comparator.naturalOrder()).toList()) {
        if (isExportFile(source, p) && !namesOtherTable(source.relativize(p), tables)) {
          BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
          files.add(new SourceFile(p.toAbsolutePath().normalize().toString(), a.size(), a.lastModifiedTime().toMillis()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + source, e);
    }
    return files;
  }

  private static boolean isExportFile(Path source, Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean hidden = false;
    for (Path part : source.relativize(p)) {
      hidden |= part.toString().startsWith(".") || part.toString().startsWith("_");
    }
    return Files.isRegularFile(p) && !hidden && (name.endsWith(".json") || name.endsWith(".jsonl"));
  }

  private static boolean namesOtherTable(Path relative, List<MdeTable> tables) {
    for (Path part : relative) {
      String folder = part.toString().toLowerCase(Locale.ROOT);
      for (MdeTable t : MdeTable.values()) {
        String table = t.tableName().toLowerCase(Locale.ROOT);
        boolean names = folder.equals("insights-logs-advancedhunting-" + table) || folder.equals("am-" + table);
        if (names && !tables.contains(t)) {
          return true;
        }
      }
    }
    return false;
  }
}
