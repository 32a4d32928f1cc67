package dev.smbhunt.jobs.lake.fetch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.execution.datasources.DataSourceUtils;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Function1;

/**
 * Reads chosen rows of one Parquet file, by their index in the file (Spark's {@code
 * _metadata.row_index}), as Spark's reader would give them for the requested flat columns: only the
 * row groups holding a row are read, each in one request for the columns' span, and within them
 * only the pages holding a row are decoded.
 */
public final class FileRows {
  private FileRows() {}

  /** How a session's Parquet reads rebase datetimes, and whether names match in letter case. */
  public record ReadOptions(
      String datetimeRebaseMode, String int96RebaseMode, boolean caseSensitive)
      implements java.io.Serializable {}

  /**
   * The rows {@code rowIndexes} (ascending, distinct) of {@code file}, each an array of the values
   * of {@code columns} in order (null where the file lacks the column).
   *
   * @throws UnsupportedColumnException when a column is stored in a way this reader does not read
   */
  public static Object[][] read(
      Configuration conf, Path file, long[] rowIndexes, StructType columns, ReadOptions options)
      throws IOException {
    HadoopInputFile input = HadoopInputFile.fromPath(file, conf);
    ParquetMetadata footer;
    try (ParquetFileReader reader = ParquetFileReader.open(input)) {
      footer = reader.getFooter();
    }
    MessageType schema = footer.getFileMetaData().getSchema();
    Map<String, String> meta = footer.getFileMetaData().getKeyValueMetaData();
    Function1<String, String> lookup =
        new scala.runtime.AbstractFunction1<>() {
          @Override
          public String apply(String key) {
            return meta.get(key);
          }
        };
    var datetime = DataSourceUtils.datetimeRebaseSpec(lookup, options.datetimeRebaseMode());
    var int96 = DataSourceUtils.int96RebaseSpec(lookup, options.int96RebaseMode());
    SparkValues.Rebase rebase =
        new SparkValues.Rebase(
            DataSourceUtils.createTimestampRebaseFuncInRead(datetime, "Parquet"),
            DataSourceUtils.createTimestampRebaseFuncInRead(int96, "Parquet"),
            DataSourceUtils.createDateRebaseFuncInRead(datetime.mode(), "Parquet"));

    int width = columns.fields().length;
    ColumnDescriptor[] descriptors = new ColumnDescriptor[width];
    List<Function<Object, Object>> converters = new ArrayList<>();
    for (int f = 0; f < width; f++) {
      StructField field = columns.fields()[f];
      String stored = storedName(schema, field.name(), options.caseSensitive(), file);
      Function<Object, Object> convert = null;
      if (stored != null) {
        Type type = schema.getType(stored);
        if (!type.isPrimitive() || type.isRepetition(Type.Repetition.REPEATED)) {
          throw new UnsupportedColumnException(file, field.name(), type.toString().trim());
        }
        descriptors[f] = schema.getColumnDescription(new String[] {stored});
        convert = SparkValues.of(descriptors[f], field.dataType(), rebase);
        if (convert == null) {
          throw new UnsupportedColumnException(
              file,
              field.name(),
              type.toString().trim() + " read as " + field.dataType().simpleString());
        }
      }
      converters.add(convert);
    }

    Object[][] out = new Object[rowIndexes.length][width];
    CodecFactory codecs = new CodecFactory(conf, 0);
    PageBytes pages = new PageBytes(codecs);
    try (SeekableInputStream stream = input.newStream()) {
      long groupFirstRow = 0;
      int next = 0;
      for (BlockMetaData block : footer.getBlocks()) {
        long groupEnd = groupFirstRow + block.getRowCount();
        int from = next;
        while (next < rowIndexes.length && rowIndexes[next] < groupEnd) {
          next++;
        }
        if (next > from) {
          readGroup(
              stream,
              block,
              schema,
              descriptors,
              converters,
              pages,
              relative(rowIndexes, from, next, groupFirstRow),
              out,
              from);
        }
        groupFirstRow = groupEnd;
        if (next == rowIndexes.length) {
          break;
        }
      }
      if (next < rowIndexes.length) {
        throw new IOException(
            "row "
                + rowIndexes[next]
                + " is past the end of "
                + file
                + " ("
                + groupFirstRow
                + " rows)");
      }
    } finally {
      codecs.release();
    }
    return out;
  }

  private static long[] relative(long[] rows, int from, int to, long base) {
    long[] r = new long[to - from];
    for (int i = from; i < to; i++) {
      r[i - from] = rows[i] - base;
    }
    return r;
  }

  private static void readGroup(
      SeekableInputStream stream,
      BlockMetaData block,
      MessageType schema,
      ColumnDescriptor[] descriptors,
      List<Function<Object, Object>> converters,
      PageBytes pages,
      long[] rows,
      Object[][] out,
      int outFrom)
      throws IOException {
    ColumnChunkMetaData[] chunks = new ColumnChunkMetaData[descriptors.length];
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    for (int f = 0; f < descriptors.length; f++) {
      if (descriptors[f] == null) {
        continue;
      }
      for (ColumnChunkMetaData c : block.getColumns()) {
        if (Arrays.equals(c.getPath().toArray(), descriptors[f].getPath())) {
          chunks[f] = c;
          break;
        }
      }
      if (chunks[f] == null) {
        throw new IOException("row group without column " + descriptors[f]);
      }
      start = Math.min(start, chunks[f].getStartingPos());
      end = Math.max(end, chunks[f].getStartingPos() + chunks[f].getTotalSize());
    }
    if (start == Long.MAX_VALUE) {
      return; // none of the columns is stored: every value is null
    }
    // One read for the columns' span, as a scan of the row group would make.
    byte[] span = new byte[Math.toIntExact(end - start)];
    stream.seek(start);
    stream.readFully(span);
    Object[][] rowsOut = new Object[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      rowsOut[i] = out[outFrom + i];
    }
    for (int f = 0; f < descriptors.length; f++) {
      if (chunks[f] == null) {
        continue;
      }
      ChunkRows.read(
          descriptors[f],
          span,
          Math.toIntExact(chunks[f].getStartingPos() - start),
          Math.toIntExact(chunks[f].getTotalSize()),
          chunks[f].getCodec(),
          pages,
          rows,
          converters.get(f),
          rowsOut,
          f);
    }
  }

  /**
   * The file's name for a requested column: the same name, or with case-insensitive matching (the
   * session's default) the one name that differs only in letter case, as Spark resolves it.
   */
  private static String storedName(
      MessageType schema, String name, boolean caseSensitive, Path file) {
    if (schema.containsField(name)) {
      return name;
    }
    if (caseSensitive) {
      return null;
    }
    List<String> matches =
        schema.getFields().stream()
            .map(Type::getName)
            .filter(n -> n.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
            .toList();
    if (matches.size() > 1) {
      throw new UnsupportedColumnException(
          file, name, "found " + matches.size() + " columns differing only in letter case");
    }
    return matches.isEmpty() ? null : matches.get(0);
  }

  /** A column this reader cannot give as Spark's reader would. */
  public static final class UnsupportedColumnException extends RuntimeException {
    UnsupportedColumnException(Path file, String column, String how) {
      super("column '" + column + "' of " + file + " cannot be fetched late: " + how);
    }
  }
}
