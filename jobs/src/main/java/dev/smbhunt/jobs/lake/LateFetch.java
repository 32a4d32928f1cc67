package dev.smbhunt.jobs.lake;

import static org.apache.spark.sql.functions.col;

import dev.smbhunt.jobs.lake.fetch.FileRows;
import dev.smbhunt.transforms.schema.InputContract;
import dev.smbhunt.transforms.schema.MdeTable;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.paths.SparkPath;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.datasources.HadoopFsRelation;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Late materialization of a Parquet read: the few columns a selective filter needs are scanned
 * first, and the other columns are then read for the kept rows only, by their place in their file
 * ({@link FileRows}). Spark's Parquet reader decodes every requested column of every row before a
 * filter drops it; for DeviceNetworkEvents, whose 45 columns the hunt keeps whole for about one row
 * in 6,500, that decoding was most of the run (docs/benchmark.md).
 *
 * <p>The rows are those the full read would give, value for value: the same conforming, the same
 * range, and values converted and rebased as Spark's reader converts them. Where a read cannot be
 * done this way ({@link #applies}), the reader reads it whole as before.
 */
final class LateFetch {
  private static final String FILE = "_smbhunt_file";
  private static final String ROW = "_smbhunt_row";
  private static final String FIELD_ID = "parquet.field.id";
  private static final Set<DataType> ATOMIC =
      Set.of(
          DataTypes.StringType,
          DataTypes.BinaryType,
          DataTypes.BooleanType,
          DataTypes.ByteType,
          DataTypes.ShortType,
          DataTypes.IntegerType,
          DataTypes.LongType,
          DataTypes.FloatType,
          DataTypes.DoubleType,
          DataTypes.DateType,
          DataTypes.TimestampType,
          DataTypes.TimestampNTZType);

  private LateFetch() {}

  /**
   * The documented columns a plain Parquet file scan reads from its files (partition columns left
   * out), or empty for any other source: a Delta table (deletion vectors, column mapping), a
   * catalog table of another format, rows made in memory.
   */
  static Optional<StructType> storedColumns(Dataset<Row> raw, MdeTable table) {
    LogicalPlan plan = raw.queryExecution().analyzed();
    if (plan instanceof LogicalRelation relation
        && relation.relation() instanceof HadoopFsRelation files
        && files.fileFormat().getClass() == ParquetFileFormat.class) {
      StructField[] documented =
          Arrays.stream(files.dataSchema().fields())
              .filter(f -> table.columnNames().contains(f.name()))
              .toArray(StructField[]::new);
      return Optional.of(new StructType(documented));
    }
    return Optional.empty();
  }

  /**
   * Whether a Parquet file read of {@code stored} columns can be fetched late: every column flat
   * and of a type {@link FileRows} converts, and no session setting that changes how Spark reads
   * stored values beyond what it mirrors.
   */
  static boolean applies(SparkSession spark, StructType stored) {
    if (stored.fields().length == 0) {
      return false;
    }
    SQLConf conf = spark.sessionState().conf();
    boolean flat = Arrays.stream(stored.fields()).allMatch(f -> ATOMIC.contains(f.dataType()));
    // With field ids on (Delta turns them on), Spark matches a column carrying an id by id, not by
    // name: such a read stays whole.
    boolean byId =
        conf.parquetFieldIdReadEnabled()
            && Arrays.stream(stored.fields()).anyMatch(f -> f.metadata().contains(FIELD_ID));
    return flat && !byId && !conf.isParquetINT96TimestampConversion();
  }

  /**
   * The rows of {@code raw} (a Parquet file scan, its partition and pushed filters applied) that
   * are in {@code range} and pass {@code keeps}, conformed to {@code table}'s schema.
   *
   * @param stored the columns {@code raw} reads from its files (its partition columns left out)
   * @param rangeInNarrowScan whether the narrow scan also cuts to {@code inRange}; either way the
   *     fetched rows are cut to it
   */
  static Dataset<Row> rows(
      SparkSession spark,
      MdeTable table,
      Dataset<Row> raw,
      StructType stored,
      Column keeps,
      Column inRange,
      boolean rangeInNarrowScan) {
    Dataset<Row> keyed =
        raw.withColumn(FILE, col("_metadata.file_path"))
            .withColumn(ROW, col("_metadata.row_index"));
    // The narrow scan: Spark reads only the columns the range and the filter name, plus the keys.
    Dataset<Row> conformed = InputContract.conform(table, keyed, col(FILE), List.of(FILE, ROW));
    Dataset<Row> keys =
        (rangeInNarrowScan ? conformed.filter(inRange) : conformed)
            .filter(keeps)
            .select(col(FILE), col(ROW));

    List<StructField> fetched = new ArrayList<>();
    List<Column> asStored = new ArrayList<>();
    for (StructField f : stored.fields()) {
      // Text travels as its bytes and is cast back as Spark's reader makes it: byte for byte.
      boolean text = f.dataType() instanceof StringType;
      fetched.add(
          DataTypes.createStructField(f.name(), text ? DataTypes.BinaryType : f.dataType(), true));
      Column c = col(quoted(f.name()));
      asStored.add(text ? c.cast(f.dataType()).as(f.name()) : c);
    }
    fetched.add(DataTypes.createStructField(FILE, DataTypes.StringType, false));
    asStored.add(col(FILE));
    SQLConf conf = spark.sessionState().conf();
    FileRows.ReadOptions options =
        new FileRows.ReadOptions(
            conf.getConf(SQLConf.PARQUET_REBASE_MODE_IN_READ()).toString(),
            conf.getConf(SQLConf.PARQUET_INT96_REBASE_MODE_IN_READ()).toString(),
            conf.caseSensitiveAnalysis());
    StructType fetchedSchema = DataTypes.createStructType(fetched);
    Dataset<Row> rows =
        keys.mapPartitions(
                new Fetch(new HadoopConf(spark.sessionState().newHadoopConf()), stored, options),
                ExpressionEncoder.apply(fetchedSchema, true))
            .select(asStored.toArray(Column[]::new));
    return InputContract.conform(table, rows, col(FILE)).filter(inRange);
  }

  // A stored name is a name, never a path into a struct: "a.b" is one column.
  private static String quoted(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  /**
   * One task's kept rows, fetched file by file: the keys of a scan task arrive grouped by file, in
   * row order.
   */
  private static final class Fetch implements MapPartitionsFunction<Row, Row> {
    private final HadoopConf conf;
    private final StructType stored;
    private final FileRows.ReadOptions options;

    Fetch(HadoopConf conf, StructType stored, FileRows.ReadOptions options) {
      this.conf = conf;
      this.stored = stored;
      this.options = options;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> keys) {
      return new Iterator<>() {
        private Row pending = keys.hasNext() ? keys.next() : null;
        private Iterator<Row> batch = java.util.Collections.emptyIterator();

        @Override
        public boolean hasNext() {
          while (!batch.hasNext() && pending != null) {
            batch = nextFile();
          }
          return batch.hasNext();
        }

        @Override
        public Row next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          return batch.next();
        }

        private Iterator<Row> nextFile() {
          String file = pending.getString(0);
          List<Long> rows = new ArrayList<>();
          while (pending != null && pending.getString(0).equals(file)) {
            rows.add(pending.getLong(1));
            pending = keys.hasNext() ? keys.next() : null;
          }
          long[] sorted = rows.stream().mapToLong(Long::longValue).sorted().toArray();
          long[] distinct = Arrays.stream(sorted).distinct().toArray();
          Object[][] values;
          try {
            values =
                FileRows.read(
                    conf.get(), SparkPath.fromUrlString(file).toPath(), distinct, stored, options);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(
                "cannot read " + file + ": " + e.getMessage(), e);
          }
          // One row out per key: a file listed twice is read twice, as the whole scan reads it.
          List<Row> out = new ArrayList<>(sorted.length);
          int d = 0;
          for (long row : sorted) {
            while (distinct[d] != row) {
              d++;
            }
            Object[] v = Arrays.copyOf(values[d], values[d].length + 1);
            v[v.length - 1] = file;
            out.add(RowFactory.create(v));
          }
          return out.iterator();
        }
      };
    }
  }

  /**
   * A Hadoop configuration shipped to the tasks (credentials included, as Spark's own reads do).
   */
  private static final class HadoopConf implements Serializable {
    private transient Configuration conf;

    HadoopConf(Configuration conf) {
      this.conf = conf;
    }

    Configuration get() {
      return conf;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
      conf.write(out);
    }

    private void readObject(ObjectInputStream in) throws IOException {
      conf = new Configuration(false);
      conf.readFields(in);
    }
  }
}
