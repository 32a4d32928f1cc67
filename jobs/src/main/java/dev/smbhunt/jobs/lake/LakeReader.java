package dev.smbhunt.jobs.lake;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.storage.Location;
import dev.smbhunt.jobs.storage.Storage;
import dev.smbhunt.jobs.storage.TableRef;
import dev.smbhunt.transforms.schema.InputContract;
import dev.smbhunt.transforms.schema.InputContractException;
import dev.smbhunt.transforms.schema.MdeTable;
import dev.smbhunt.transforms.smb.HuntColumns;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one lake table for a time range: detects Delta or Parquet, prunes date partitions, then
 * conforms the rows to the documented schema ({@link InputContract}) and cuts them to {@code [from,
 * to)} on {@code Timestamp}. Lazy: it reads metadata only.
 */
public final class LakeReader {
  private static final Logger LOG = LoggerFactory.getLogger(LakeReader.class);

  private LakeReader() {}

  public static Dataset<Row> read(
      SparkSession spark, Settings.Lake lake, MdeTable table, TimeRange range) {
    return read(spark, lake, table, range, Map.of());
  }

  /**
   * As above, also keeping only rows whose raw string column equals the given non-empty literal.
   * The rule compares {@code coalesce(column, "") == literal}, which the Parquet reader cannot
   * evaluate; for a non-empty literal it is the same predicate as the raw equality, which the
   * reader pushes down (row-group statistics and dictionaries). Columns absent or not stored as
   * text are left to the rule.
   */
  public static Dataset<Row> read(
      SparkSession spark,
      Settings.Lake lake,
      MdeTable table,
      TimeRange range,
      Map<String, String> rawEqualities) {
    return readCounted(
            spark, lake, table, range, rawEqualities, Optional.empty(), w -> LOG.warn("{}", w))
        .rows();
  }

  /**
   * One table read for a range, two ways over the same listing, footers and Delta snapshot: {@code
   * rows} with the pushed equalities, for the hunt, and {@code inRange}, every row of the range,
   * for counting what the run read. Counting {@code rows} instead would decode an equality's column
   * for every row of the range, which the hunt's own scan already pays for once.
   */
  public record CountedRead(Dataset<Row> rows, Dataset<Row> inRange) {}

  /**
   * As {@link #read}, with the range's rows before the pushed equalities beside it.
   *
   * @param keeps a selective filter on conformed columns that the caller applies anyway: with
   *     {@code lake.late-materialization} on, a Parquet file read applies it to the few columns it
   *     names first, and reads the others for the rows it keeps only ({@link LateFetch}); {@code
   *     rows} is then cut to it
   * @param skipped told, one line each, of every file {@code lake.unreadable-files = skip} left out
   */
  public static CountedRead readCounted(
      SparkSession spark,
      Settings.Lake lake,
      MdeTable table,
      TimeRange range,
      Map<String, String> rawEqualities,
      Optional<Column> keeps,
      Consumer<String> skipped) {
    TableRef ref = lake.ref(table);
    List<Dataset<Row>> parts =
        ref instanceof TableRef.At at
            ? load(
                spark,
                table,
                at.location(),
                lake.tables().get(table).format(),
                lake.partitionColumn(),
                range,
                lake.skipUnreadableFiles() ? skipped : null)
            : List.of(loadNamed(spark, table, ((TableRef.Named) ref).name()));
    if (parts == null) {
      LOG.info("{}: no data files under {}; reading it as empty", table.tableName(), ref.display());
      Dataset<Row> empty = spark.createDataFrame(List.of(), table.schema());
      return new CountedRead(empty, empty);
    }
    Optional<Column> late = lake.lateMaterialization() ? keeps : Optional.empty();
    Dataset<Row> rows =
        conformed(spark, table, parts, lake.partitionColumn(), range, rawEqualities, late);
    return new CountedRead(
        rows,
        rawEqualities.isEmpty() && late.isEmpty()
            ? rows
            : conformed(
                spark, table, parts, lake.partitionColumn(), range, Map.of(), Optional.empty()));
  }

  private static Dataset<Row> conformed(
      SparkSession spark,
      MdeTable table,
      List<Dataset<Row>> parts,
      String partitionColumn,
      TimeRange range,
      Map<String, String> rawEqualities,
      Optional<Column> late) {
    Dataset<Row> conformed = null;
    for (Dataset<Row> raw : parts) {
      Dataset<Row> part;
      try {
        part = conform(spark, table, raw, partitionColumn, range, rawEqualities, late);
      } catch (InputContractException e) {
        if (parts.size() == 1) {
          throw e;
        }
        throw new LakeException(
            e.getMessage()
                + " in "
                + String.join(", ", partitionsOf(raw, partitionColumn))
                + "; the range's partitions differ: "
                + drift(parts, partitionColumn),
            e);
      }
      conformed = conformed == null ? part : conformed.unionByName(part);
    }
    return conformed;
  }

  /**
   * One stored layout of a table's rows, conformed to the documented schema and cut to the range.
   */
  private static Dataset<Row> conform(
      SparkSession spark,
      MdeTable table,
      Dataset<Row> raw,
      String partitionColumn,
      TimeRange range,
      Map<String, String> rawEqualities,
      Optional<Column> late) {
    Optional<StructType> stored =
        late.isPresent() ? LateFetch.storedColumns(raw, table) : Optional.empty();
    // The partition column is yyyy-MM-dd of Timestamp in UTC: a date filter prunes folders,
    // Timestamp decides.
    List<String> columns = Arrays.asList(raw.columns());
    if (columns.contains(partitionColumn)) {
      Column partitionDate = col(partitionColumn).cast(DataTypes.StringType);
      Column inRangePartitions =
          partitionDate
              .geq(lit(range.firstDate().toString()))
              .and(partitionDate.leq(lit(range.lastDate().toString())));
      raw = raw.filter(inRangePartitions);
    }
    for (Map.Entry<String, String> e : rawEqualities.entrySet()) {
      boolean storedAsText =
          columns.contains(e.getKey())
              && raw.schema().apply(e.getKey()).dataType() instanceof StringType;
      if (storedAsText && !e.getValue().isEmpty()) {
        // Same rows as the rule's coalesce(column, "") == literal, but evaluated inside the Parquet
        // reader.
        Column pushable = col(e.getKey()).equalTo(lit(e.getValue()));
        raw = raw.filter(pushable);
      }
    }
    Column inRange = range.contains(col(HuntColumns.TIMESTAMP));
    boolean storedTimestamp =
        columns.contains(HuntColumns.TIMESTAMP)
            && raw.schema().apply(HuntColumns.TIMESTAMP).dataType() instanceof TimestampType;
    boolean readLate = stored.isPresent() && LateFetch.applies(spark, stored.get());
    // Whole UTC days of date folders: the folders already hold the range, so the late read's narrow
    // scan does not decode every row's Timestamp (INT96 costs a conversion per row); the range is
    // applied to the fetched rows, as always. A stored Timestamp needs no cast, which could fail.
    boolean rangeAfterFetch =
        readLate && storedTimestamp && columns.contains(partitionColumn) && range.isWholeDays();
    if (storedTimestamp && !rangeAfterFetch) {
      // The same range on the stored column, where Parquet statistics and Delta's data skipping see
      // it: a table without date partitions (a catalog table, say) still skips the files outside
      // the range.
      raw = raw.filter(inRange);
    }
    if (readLate) {
      return LateFetch.rows(spark, table, raw, stored.get(), late.get(), inRange, !rangeAfterFetch);
    }
    return InputContract.conform(table, raw, sourceFile(raw)).filter(inRange);
  }

  /**
   * The file a row was read from, for naming it in a bad-value error: a file source's {@code
   * _metadata} column, which is an attribute (unlike {@code input_file_name()}), so filters still
   * reach the scan. A source without it (a Hive text table, rows made in memory) gets errors
   * without the file.
   */
  private static Column sourceFile(Dataset<Row> raw) {
    try {
      Column file = raw.col("_metadata.file_path");
      raw.select(file).schema();
      return file;
    } catch (Exception e) { // Scala's AnalysisException is undeclared
      return null;
    }
  }

  /** {@code AUTO}: Delta when the folder has a {@code _delta_log/}. */
  public static TableFormat resolveFormat(
      Storage storage, TableFormat configured, Location location) {
    if (configured != TableFormat.AUTO) {
      return configured;
    }
    return storage.isDeltaTable(location) ? TableFormat.DELTA : TableFormat.PARQUET;
  }

  /**
   * A Parquet partition folder whose value is no date would be read as a string that no range
   * selects: its rows would vanish from every run without a word. It is an error naming the table
   * and the folder.
   */
  private static List<String> requireDatePartitions(
      Storage storage, MdeTable table, Location location, String partitionColumn) {
    String prefix = partitionColumn + "=";
    List<String> partitions = new ArrayList<>();
    for (String name : storage.listNames(location)) {
      if (!name.startsWith(prefix)) {
        continue;
      }
      String value = name.substring(prefix.length());
      try {
        if (!LocalDate.parse(value).toString().equals(value)) {
          throw new DateTimeParseException("not yyyy-MM-dd", value, 0);
        }
      } catch (DateTimeParseException e) {
        throw new LakeException(
            table.tableName()
                + ": partition folder '"
                + name
                + "' in "
                + location.display()
                + " is not a "
                + partitionColumn
                + " partition (yyyy-MM-dd): its rows would be read by no range; rename it or "
                + "move it out of the table");
      }
      partitions.add(name);
    }
    return partitions;
  }

  /**
   * The table's rows in the range as one Dataset per stored layout, or null when it has no data
   * files. A Parquet table whose partitions in the range store a column with other types (int32 one
   * day, int64 the next: writers change) is read per layout, each conformed on its own, as the lake
   * contract widens integer widths; one read over all of them would take the first file's types for
   * every file and fail.
   */
  private static List<Dataset<Row>> load(
      SparkSession spark,
      MdeTable table,
      Location location,
      TableFormat configured,
      String partitionColumn,
      TimeRange range,
      Consumer<String> skipped) {
    Storage storage = Storage.of(spark);
    if (!storage.isDirectory(location)) {
      throw new LakeException(
          table.tableName() + ": table folder not found at " + location.display());
    }
    TableFormat format = resolveFormat(storage, configured, location);
    if (format == TableFormat.DELTA) {
      return List.of(spark.read().format("delta").load(location.uri()));
    }
    if (!storage.containsFile(location, f -> f.location().name().endsWith(".parquet"))) {
      return null;
    }
    List<String> partitions = requireDatePartitions(storage, table, location, partitionColumn);
    // Only the range's partition folders are opened, schema inference included: a damaged file of
    // another day cannot break this run (basePath keeps the date column).
    List<String> inRange =
        partitions.stream()
            .filter(p -> range.coversPartition(p, partitionColumn))
            .sorted()
            .map(p -> location.child(p).uri())
            .toList();
    if (!partitions.isEmpty() && inRange.isEmpty()) {
      LOG.info(
          "{}: no partition of {} in {}; reading it as empty",
          table.tableName(),
          range,
          location.display());
      return List.of(spark.createDataFrame(List.of(), table.schema()));
    }
    // What each partition is read from: its folder, or with skipping on and unreadable files found,
    // its others.
    Map<String, List<String>> sources = new LinkedHashMap<>();
    if (partitions.isEmpty()) {
      sources.put(location.uri(), List.of(location.uri()));
    } else {
      inRange.forEach(p -> sources.put(p, List.of(p)));
    }
    if (skipped != null && !leaveOutUnreadable(spark, table, storage, sources, skipped)) {
      return null;
    }
    try {
      if (partitions.isEmpty()) {
        return List.of(parquet(spark, location, sources.get(location.uri())));
      }
      if (sources.size() == 1) {
        return List.of(parquet(spark, location, sources.values().iterator().next()));
      }
      Map<StructType, List<String>> layouts = new LinkedHashMap<>();
      for (List<String> paths : sources.values()) {
        StructType layout = layoutOf(spark, location, paths);
        if (layout != null) {
          layouts.computeIfAbsent(layout, k -> new ArrayList<>()).addAll(paths);
        }
      }
      if (layouts.isEmpty()) {
        return null;
      }
      if (layouts.size() > 1) {
        LOG.info(
            "{}: the range's partitions store {} layouts of columns; each is read and conformed on its own",
            table.tableName(),
            layouts.size());
      }
      return layouts.values().stream().map(group -> parquet(spark, location, group)).toList();
    } catch (Exception e) {
      if (e instanceof AnalysisException) {
        throw new LakeException(
            table.tableName()
                + ": cannot read Parquet at "
                + location.display()
                + ": "
                + e.getMessage(),
            e);
      }
      throw e;
    }
  }

  /**
   * Replaces, in {@code sources}, each partition holding unreadable files by its readable files,
   * and drops a partition with none; tells {@code skipped} of each file left out. False when
   * nothing readable is left.
   */
  private static boolean leaveOutUnreadable(
      SparkSession spark,
      MdeTable table,
      Storage storage,
      Map<String, List<String>> sources,
      Consumer<String> skipped) {
    Map<String, List<String>> files = new LinkedHashMap<>();
    for (String source : sources.keySet()) {
      files.put(
          source,
          storage.listFiles(Location.of(source), f -> isDataFile(f.location().name())).stream()
              .map(f -> f.location().uri())
              .toList());
    }
    List<ParquetFooters.Unreadable> unreadable =
        ParquetFooters.unreadable(spark, files.values().stream().flatMap(List::stream).toList());
    if (unreadable.isEmpty()) {
      return true;
    }
    java.util.Set<String> bad = new java.util.HashSet<>();
    for (ParquetFooters.Unreadable u : unreadable) {
      bad.add(u.uri());
      skipped.accept(
          table.tableName()
              + ": skipped unreadable file "
              + Location.of(u.uri()).display()
              + " ("
              + u.reason()
              + "; lake.unreadable-files = skip)");
    }
    files.forEach(
        (source, uris) -> {
          List<String> readable = uris.stream().filter(u -> !bad.contains(u)).toList();
          if (readable.isEmpty()) {
            sources.remove(source);
          } else if (readable.size() < uris.size()) {
            sources.put(source, readable);
          }
        });
    return !sources.isEmpty();
  }

  // What Spark reads as data: not its _SUCCESS or _committed markers, nor hidden or checksum files.
  private static boolean isDataFile(String name) {
    return !name.startsWith("_") && !name.startsWith(".");
  }

  /**
   * The columns one partition's files store, or null when it holds no data file (an empty folder).
   */
  private static StructType layoutOf(SparkSession spark, Location location, List<String> paths) {
    // The footer alone where it answers as Spark's inference would (FooterSchema): every partition
    // of a read shares its date column, so the stored columns decide the layout, and a week is not
    // planned as seven reads (each with its own listing) before it is planned as one.
    Optional<StructType> stored = FooterSchema.of(spark, paths);
    if (stored.isPresent()) {
      return stored.get();
    }
    try {
      return parquet(spark, location, paths).schema();
    } catch (Exception e) { // Scala's AnalysisException is undeclared
      if (e instanceof AnalysisException a && "UNABLE_TO_INFER_SCHEMA".equals(a.getErrorClass())) {
        return null;
      }
      throw e;
    }
  }

  private static Dataset<Row> parquet(
      SparkSession spark, Location location, List<String> partitions) {
    DataFrameReader reader = spark.read().option("basePath", location.uri());
    // The stored columns from one footer on the driver, as Spark infers them in a job of its own.
    reader = FooterSchema.of(spark, partitions).map(reader::schema).orElse(reader);
    return reader.parquet(partitions.toArray(String[]::new));
  }

  /** The partition folders a part was read from, as the user sees them in the table folder. */
  private static List<String> partitionsOf(Dataset<Row> raw, String partitionColumn) {
    return Arrays.stream(raw.inputFiles())
        .map(
            f -> {
              for (String segment : f.split("/")) {
                if (segment.startsWith(partitionColumn + "=")) {
                  return segment;
                }
              }
              return f;
            })
        .distinct()
        .sorted()
        .toList();
  }

  /** Each column whose type differs between the parts, with its type in each part's partitions. */
  private static String drift(List<Dataset<Row>> parts, String partitionColumn) {
    Map<String, List<String>> typesByColumn = new TreeMap<>();
    for (Dataset<Row> part : parts) {
      String where = String.join(", ", partitionsOf(part, partitionColumn));
      for (StructField f : part.schema().fields()) {
        typesByColumn
            .computeIfAbsent(f.name(), k -> new ArrayList<>())
            .add(f.dataType().simpleString() + " in " + where);
      }
    }
    List<String> differing = new ArrayList<>();
    typesByColumn.forEach(
        (column, types) -> {
          if (types.stream().map(t -> t.substring(0, t.indexOf(" in "))).distinct().count() > 1) {
            differing.add("'" + column + "' is " + String.join(" and ", types));
          }
        });
    return String.join("; ", differing);
  }

  /** A catalog table: missing is the same clear error as a missing folder. */
  private static Dataset<Row> loadNamed(SparkSession spark, MdeTable table, String name) {
    boolean exists;
    try {
      exists = spark.catalog().tableExists(name);
    } catch (
        Exception
            e) { // an unknown catalog or a malformed name; Scala's AnalysisException is undeclared
      throw new LakeException(
          table.tableName()
              + ": cannot look up table '"
              + name
              + "' in the catalog: "
              + firstLine(e.getMessage()),
          e);
    }
    if (!exists) {
      throw new LakeException(
          table.tableName() + ": table '" + name + "' not found in the catalog");
    }
    return spark.table(name);
  }

  private static String firstLine(String message) {
    String m = String.valueOf(message).strip();
    int newline = m.indexOf('\n');
    return newline >= 0 ? m.substring(0, newline) : m;
  }
}
