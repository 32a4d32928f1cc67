package dev.smbhunt.jobs.lake;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.transforms.schema.InputContract;
import dev.smbhunt.transforms.schema.MdeTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one lake table for a time range: detects Delta or Parquet, prunes date partitions, then conforms
 * the rows to the documented schema ({@link InputContract}) and cuts them to {@code [from, to)} on
 * {@code Timestamp}. Lazy: it reads metadata only.
 */
public final class LakeReader {
  private static final Logger LOG = LoggerFactory.getLogger(LakeReader.class);

  private LakeReader() {}

  public static Dataset<Row> read(SparkSession spark, Settings.Lake lake, MdeTable table, TimeRange range) {
    return read(spark, lake, table, range, Map.of());
  }

  /**
   * As above, also keeping only rows whose raw string column equals the given non-empty literal. The rule
   * compares {@code coalesce(column, "") == literal}, which the Parquet reader cannot evaluate; for a
   * non-empty literal it is the same predicate as the raw equality, which the reader pushes down (row-group
   * statistics and dictionaries). Columns absent or not stored as text are left to the rule.
   */
  public static Dataset<Row> read(
      SparkSession spark, Settings.Lake lake, MdeTable table, TimeRange range, Map<String, String> rawEqualities) {
    Path path = lake.pathOf(table);
    if (!Files.isDirectory(path)) {
      throw new LakeException(table.tableName() + ": table folder not found at " + path.toAbsolutePath());
    }
    TableFormat format = resolveFormat(lake.tables().get(table).format(), path);
    Dataset<Row> raw = load(spark, table, path, format);
    if (raw == null) {
      LOG.info("{}: no data files under {}; reading it as empty", table.tableName(), path);
      return spark.createDataFrame(List.of(), table.schema());
    }
    // The partition column is yyyy-MM-dd of Timestamp in UTC: a date filter prunes folders, Timestamp decides.
    List<String> columns = Arrays.asList(raw.columns());
    if (columns.contains(lake.partitionColumn())) {
      Column partitionDate = col(lake.partitionColumn()).cast(DataTypes.StringType);
      Column inRangePartitions =
          partitionDate.geq(lit(range.firstDate().toString())).and(partitionDate.leq(lit(range.lastDate().toString())));
      raw = raw.filter(inRangePartitions);
    }
    for (Map.Entry<String, String> e : rawEqualities.entrySet()) {
      boolean storedAsText = columns.contains(e.getKey())
          && raw.schema().apply(e.getKey()).dataType() instanceof StringType;
      if (storedAsText && !e.getValue().isEmpty()) {
        // Same rows as the rule's coalesce(column, "") == literal, but evaluated inside the Parquet reader.
        Column pushable = col(e.getKey()).equalTo(lit(e.getValue()));
        raw = raw.filter(pushable);
      }
    }
    Column inRange =
        col("Timestamp").geq(lit(Timestamp.from(range.from()))).and(col("Timestamp").lt(lit(Timestamp.from(range.to()))));
    return InputContract.conform(table, raw).filter(inRange);
  }

  /** {@code AUTO}: Delta when the folder has a {@code _delta_log/}. */
  public static TableFormat resolveFormat(TableFormat configured, Path path) {
    if (configured != TableFormat.AUTO) {
      return configured;
    }
    return Files.isDirectory(path.resolve("_delta_log")) ? TableFormat.DELTA : TableFormat.PARQUET;
  }

  private static Dataset<Row> load(SparkSession spark, MdeTable table, Path path, TableFormat format) {
    String location = path.toAbsolutePath().toString();
    if (format == TableFormat.DELTA) {
      return spark.read().format("delta").load(location);
    }
    if (!hasParquetFiles(path)) {
      return null;
    }
    try {
      return spark.read().parquet(location);
    } catch (Exception e) {
      if (e instanceof AnalysisException) {
        throw new LakeException(table.tableName() + ": cannot read Parquet at " + location + ": " + e.getMessage(), e);
      }
      throw e;
    }
  }

  private static boolean hasParquetFiles(Path path) {
    try (Stream<Path> files = Files.walk(path)) {
      return files.anyMatch(p -> p.getFileName().toString().endsWith(".parquet"));
    } catch (IOException e) {
      throw new LakeException("cannot list " + path + ": " + e.getMessage(), e);
    }
  }
}
