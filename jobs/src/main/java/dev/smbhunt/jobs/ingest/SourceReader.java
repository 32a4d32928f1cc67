package dev.smbhunt.jobs.ingest;

import static dev.smbhunt.transforms.ingest.RawColumns.RAW_TEXT;
import static dev.smbhunt.transforms.ingest.RawColumns.SOURCE_FILE;
import static dev.smbhunt.transforms.ingest.RawColumns.SOURCE_LINE;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smbhunt.jobs.storage.Location;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Reads export files into raw records, one per JSON Lines line or JSON array element, each with its
 * file and line, on the executors. Records are text here: parsing and typing are Spark expressions
 * later ({@code RawRecords}, {@code RawTyping}), so a bad record is kept and quarantined, never
 * lost.
 */
final class SourceReader {
  static final StructType SCHEMA =
      new StructType()
          .add(SOURCE_FILE, DataTypes.StringType, false)
          .add(SOURCE_LINE, DataTypes.LongType, false)
          .add(RAW_TEXT, DataTypes.StringType, false);

  private static final ObjectMapper JSON = new ObjectMapper();

  private SourceReader() {}

  static Dataset<Row> read(SparkSession spark, List<SourceFile> files) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    if (files.isEmpty()) {
      return spark.createDataFrame(List.of(), SCHEMA);
    }
    int slices = Math.max(1, Math.min(files.size(), jsc.defaultParallelism()));
    // The executors open the files through the driver's Hadoop configuration (credentials,
    // endpoints).
    Broadcast<SerializableConfiguration> conf =
        jsc.broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
    JavaRDD<Row> rows =
        jsc.parallelize(files, slices).flatMap(f -> records(f.path(), conf.value().value()));
    return spark.createDataFrame(rows, SCHEMA);
  }

  /** The records of one file: a JSON array's elements, or its non-blank lines (LF or CRLF). */
  static Iterator<Row> records(String name, Configuration conf) throws IOException {
    Path file = new Path(Location.of(name).uri());
    PushbackInputStream in =
        new PushbackInputStream(file.getFileSystem(conf).open(file), ARRAY_PROBE);
    if (startsWithArray(in)) {
      try (in) {
        return arrayElements(name, new String(in.readAllBytes(), StandardCharsets.UTF_8))
            .iterator();
      }
    }
    // An InputStreamReader replaces undecodable bytes instead of failing: the record is then
    // quarantined.
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    long[] line = {0};
    Iterator<Row> rows =
        reader
            .lines()
            .map(text -> RowFactory.create(name, ++line[0], line[0] == 1 ? stripBom(text) : text))
            .filter(r -> !r.getString(2).isBlank())
            .iterator();
    // Spark drains the iterator: close the file as soon as it is exhausted, not when it is
    // collected.
    return new Iterator<>() {
      private boolean closed;

      @Override
      public boolean hasNext() {
        if (closed) {
          return false;
        }
        boolean more = rows.hasNext();
        if (!more) {
          close(reader);
          closed = true;
        }
        return more;
      }

      @Override
      public Row next() {
        return rows.next();
      }
    };
  }

  /**
   * Elements of a top-level JSON array, each re-serialized from its parsed tree, with the line it
   * starts on. From a syntax error on, the rest of the file is one record, which parsing then
   * quarantines as malformed: nothing after the error is silently skipped.
   */
  private static List<Row> arrayElements(String name, String content) throws IOException {
    String text = stripBom(content);
    List<Row> out = new ArrayList<>();
    JsonParser parser = new JsonFactory().createParser(text);
    parser.setCodec(JSON);
    parser.nextToken(); // START_ARRAY
    int parsedUpTo = (int) parser.getCurrentLocation().getCharOffset();
    try (parser) {
      JsonToken token;
      while ((token = parser.nextToken()) != null && token != JsonToken.END_ARRAY) {
        long line = parser.getTokenLocation().getLineNr();
        JsonNode node = parser.readValueAsTree();
        out.add(RowFactory.create(name, line, node.toString()));
        parsedUpTo = (int) parser.getCurrentLocation().getCharOffset();
      }
    } catch (JsonProcessingException e) {
      int start = parsedUpTo;
      while (start < text.length()
          && (Character.isWhitespace(text.charAt(start)) || text.charAt(start) == ',')) {
        start++;
      }
      long line = 1 + text.substring(0, start).chars().filter(c -> c == '\n').count();
      out.add(RowFactory.create(name, line, text.substring(start)));
    }
    return out;
  }

  private static void close(BufferedReader reader) {
    try {
      reader.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // How far to look for the first character: a BOM and some leading white space.
  private static final int ARRAY_PROBE = 4096;

  /**
   * Whether the first character after a BOM and white space is '['; the bytes looked at are pushed
   * back.
   */
  private static boolean startsWithArray(PushbackInputStream in) throws IOException {
    byte[] head = new byte[ARRAY_PROBE];
    int n = in.readNBytes(head, 0, head.length);
    if (n > 0) {
      in.unread(head, 0, n);
    }
    String text = new String(head, 0, Math.max(n, 0), StandardCharsets.UTF_8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\uFEFF' || Character.isWhitespace(c)) {
        continue;
      }
      return c == '[';
    }
    return false;
  }

  private static String stripBom(String text) {
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }
}
