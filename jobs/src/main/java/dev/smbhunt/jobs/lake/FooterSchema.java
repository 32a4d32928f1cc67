package dev.smbhunt.jobs.lake;

import dev.smbhunt.jobs.storage.Location;
import dev.smbhunt.jobs.storage.Storage;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.Footer;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat;
import org.apache.spark.sql.execution.datasources.parquet.ParquetToSparkSchemaConverter;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The columns a Parquet read will find, taken on the driver from one file's footer, as Spark's own
 * inference takes them when schemas are not merged: the first data file's Spark schema if it stored
 * one, else its Parquet schema converted under the session's settings. Spark does the same in a
 * Spark job, one per read, and a range of days reads one per day and table before it reads a row;
 * in a fresh JVM the first costs about 0.4 s and each later one about 0.1 s (docs/benchmark.md).
 *
 * <p>Empty when this cannot answer exactly as Spark would, so that the caller leaves the read to
 * Spark's inference and its errors: no data file (an empty folder), a summary file that Spark would
 * prefer, a footer that does not read (a damaged file is named by the read), schema merging turned
 * on, or a stored column named like a partition folder (whose type Spark takes from the folder).
 */
final class FooterSchema {
  private FooterSchema() {}

  static Optional<StructType> of(SparkSession spark, List<String> paths) {
    SQLConf conf = spark.sessionState().conf();
    if (conf.isParquetSchemaMergingEnabled()) {
      return Optional.empty();
    }
    Configuration hadoop = spark.sessionState().newHadoopConf();
    Storage storage = new Storage(hadoop);
    Storage.FileEntry touched = null;
    for (String path : paths) {
      Location root = Location.of(path);
      List<Storage.FileEntry> files =
          storage.isFile(root)
              ? List.of(new Storage.FileEntry(root, 0, 0))
              : storage.listFiles(root, f -> true);
      for (Storage.FileEntry f : files) {
        String relative = f.location().equals(root) ? root.name() : f.location().relativeTo(root);
        if (isSummary(relative)) {
          return Optional.empty();
        }
        if (touched == null && !isHidden(relative)) {
          touched = f;
        }
      }
    }
    if (touched == null) {
      return Optional.empty();
    }
    Location file = touched.location();
    return schemaOf(file, hadoop, conf).filter(s -> !namesAPartition(s, file));
  }

  private static Optional<StructType> schemaOf(Location file, Configuration hadoop, SQLConf conf) {
    Path path = file.hadoopPath();
    ParquetReadOptions options =
        HadoopReadOptions.builder(hadoop, path)
            .withMetadataFilter(ParquetMetadataConverter.SKIP_ROW_GROUPS)
            .build();
    try (ParquetFileReader reader =
        ParquetFileReader.open(HadoopInputFile.fromPath(path, hadoop), options)) {
      Footer footer = new Footer(path, reader.getFooter());
      return Optional.of(
          ParquetFileFormat.readSchemaFromFooter(footer, new ParquetToSparkSchemaConverter(conf)));
    } catch (Exception e) { // Spark's read names a damaged file in its own words
      return Optional.empty();
    }
  }

  private static boolean isSummary(String relative) {
    String name = relative.substring(relative.lastIndexOf('/') + 1);
    return name.equals("_metadata") || name.equals("_common_metadata");
  }

  // Spark's listing leaves out names starting with "." and names starting with "_" that hold no
  // "=", folders included; and files still being copied.
  private static boolean isHidden(String relative) {
    for (String segment : relative.split("/")) {
      if (segment.startsWith(".")
          || (segment.startsWith("_") && !segment.contains("="))
          || segment.endsWith("._COPYING_")) {
        return true;
      }
    }
    return false;
  }

  private static boolean namesAPartition(StructType schema, Location file) {
    for (String segment : file.uri().split("/")) {
      int eq = segment.indexOf('=');
      if (eq > 0) {
        String column = segment.substring(0, eq).toLowerCase(Locale.ROOT);
        for (StructField field : schema.fields()) {
          if (field.name().toLowerCase(Locale.ROOT).equals(column)) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
