package dev.smbhunt.jobs.ingest;

import dev.smbhunt.jobs.storage.Location;
import dev.smbhunt.jobs.storage.Storage;
import dev.smbhunt.transforms.ingest.ExportFormat;
import dev.smbhunt.transforms.schema.MdeTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Lists the export files under a source folder, on any storage Hadoop reaches. */
final class SourceFiles {
  private SourceFiles() {}

  /**
   * Every {@code .json}/{@code .jsonl} file under {@code source}, in path order, except hidden ones
   * and those whose folder names a table that is not being ingested ({@code
   * insights-logs-advancedhunting-<table>} or {@code am-<Table>}). A file whose folder names no
   * known table is read: its records say their table.
   *
   * @throws IngestException when {@code source} is not a folder
   */
  static List<SourceFile> list(
      Storage storage, Location source, ExportFormat format, List<MdeTable> tables) {
    if (!storage.isDirectory(source)) {
      throw new IngestException("source folder not found: " + source.display());
    }
    List<SourceFile> files = new ArrayList<>();
    for (Storage.FileEntry f :
        storage.listFiles(
            source,
            f ->
                isExportFile(f.location().relativeTo(source))
                    && !namesOtherTable(f.location().relativeTo(source), tables))) {
      files.add(new SourceFile(f.location().display(), f.size(), f.modifiedMillis()));
    }
    return files;
  }

  private static boolean isExportFile(String relative) {
    String[] parts = relative.split("/");
    String name = parts[parts.length - 1].toLowerCase(Locale.ROOT);
    boolean hidden = false;
    for (String part : parts) {
      hidden |= part.startsWith(".") || part.startsWith("_");
    }
    return !hidden && (name.endsWith(".json") || name.endsWith(".jsonl"));
  }

  private static boolean namesOtherTable(String relative, List<MdeTable> tables) {
    for (String part : relative.split("/")) {
      String folder = part.toLowerCase(Locale.ROOT);
      for (MdeTable t : MdeTable.values()) {
        String table = t.tableName().toLowerCase(Locale.ROOT);
        boolean names =
            folder.equals("insights-logs-advancedhunting-" + table) || folder.equals("am-" + table);
        if (names && !tables.contains(t)) {
          return true;
        }
      }
    }
    return false;
  }
}
