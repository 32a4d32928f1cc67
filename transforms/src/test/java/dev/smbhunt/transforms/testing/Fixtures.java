package dev.smbhunt.transforms.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smbhunt.transforms.schema.InputContract;
import dev.smbhunt.transforms.schema.MdeTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Test data kept as JSON Lines under {@code src/test/resources/fixtures/}, one object per row. A
 * row may carry a {@code "case"} key that documents it; any other key must be a column of the
 * target schema, so a misspelt column fails loudly instead of silently becoming null.
 */
public final class Fixtures {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CASE_KEY = "case";

  private Fixtures() {}

  /** An MDE table as the job would see it: read with the documented schema, then conformed. */
  public static Dataset<Row> table(MdeTable table, String resource) {
    return InputContract.conform(table, rows(resource, table.schema()));
  }

  /**
   * The same from rows built in the test (values as JSON would hold them: timestamps as ISO
   * strings).
   */
  public static Dataset<Row> table(MdeTable table, List<Map<String, Object>> rows) {
    return InputContract.conform(table, rows(rows, table.schema()));
  }

  public static Dataset<Row> emptyTable(MdeTable table) {
    return table(table, List.of());
  }

  /** Rows of a JSON Lines resource, exactly as written: no conforming, absent keys are null. */
  public static Dataset<Row> rows(String resource, StructType schema) {
    return parse(readLines(resource), schema, resource);
  }

  public static Dataset<Row> rows(String resource, String ddl) {
    return rows(resource, StructType.fromDDL(ddl));
  }

  public static Dataset<Row> rows(List<Map<String, Object>> rows, StructType schema) {
    List<String> lines = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      try {
        lines.add(JSON.writeValueAsString(row));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("not serialisable as JSON: " + row, e);
      }
    }
    return parse(lines, schema, "rows built in the test");
  }

  /**
   * Compares {@code actual}, cut to the columns of {@code ddl}, with the expected rows in {@code
   * expectedResource}: names, types and the row multiset must match.
   */
  public static void assertRows(String expectedResource, String ddl, Dataset<Row> actual) {
    StructType schema = StructType.fromDDL(ddl);
    Column[] columns =
        Arrays.stream(schema.fieldNames()).map(functions::col).toArray(Column[]::new);
    assertSameRows(rows(expectedResource, schema), actual.select(columns));
  }

  /**
   * {@link TestSpark#assertSameRows} with nullability ignored (KQL has no such notion, and Spark
   * derives it from the plan) and with both row lists in the message, so a failure shows which case
   * went wrong.
   */
  public static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual) {
    Dataset<Row> e = nullable(expected);
    Dataset<Row> a = nullable(actual);
    try {
      TestSpark.assertSameRows(e, a);
    } catch (AssertionError failure) {
      throw new AssertionError(
          failure.getMessage()
              + "\n  columns:  "
              + Arrays.toString(a.columns())
              + "\n  expected: "
              + show(e)
              + "\n  actual:   "
              + show(a),
          failure);
    }
  }

  private static Dataset<Row> nullable(Dataset<Row> df) {
    if (Arrays.stream(df.schema().fields()).allMatch(StructField::nullable)) {
      return df;
    }
    StructField[] fields =
        Arrays.stream(df.schema().fields())
            .map(f -> new StructField(f.name(), f.dataType(), true, f.metadata()))
            .toArray(StructField[]::new);
    return session().createDataFrame(df.javaRDD(), new StructType(fields));
  }

  private static String show(Dataset<Row> df) {
    return df.collectAsList().stream()
        .map(Row::toString)
        .sorted()
        .collect(Collectors.joining("\n            "));
  }

  private static Dataset<Row> parse(List<String> lines, StructType schema, String source) {
    List<String> allowed = new ArrayList<>(Arrays.asList(schema.fieldNames()));
    allowed.add(CASE_KEY);
    for (String line : lines) {
      checkKeys(line, allowed, source);
    }
    SparkSession spark = session();
    Dataset<String> text = spark.createDataset(lines, Encoders.STRING());
    // FAILFAST: a value of the wrong type is a broken fixture, not a null.
    return spark.read().schema(schema).option("mode", "FAILFAST").json(text);
  }

  private static void checkKeys(String line, List<String> allowed, String source) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(source + ": not a JSON object: " + line, e);
    }
    for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      assertTrue(allowed.contains(key), () -> source + ": unknown column '" + key + "' in " + line);
    }
  }

  private static List<String> readLines(String resource) {
    String path = "/fixtures/" + resource;
    try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(l -> !l.isBlank())
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static SparkSession session() {
    return TestSpark.session();
  }
}
