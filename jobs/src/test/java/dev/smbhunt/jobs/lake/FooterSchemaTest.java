package dev.smbhunt.jobs.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smbhunt.jobs.config.SettingsLoader;
import dev.smbhunt.jobs.testing.TinyLake;
import dev.smbhunt.jobs.testing.TinyLake.Layout;
import dev.smbhunt.transforms.schema.MdeTable;
import dev.smbhunt.transforms.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.example.GroupWriteSupport;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The driver-side footer read must give the columns Spark's inference gives, or give up and leave
 * the read to Spark.
 */
class FooterSchemaTest {
  private final SparkSession spark = TestSpark.session();
  @TempDir Path dir;

  // The read's columns, partition column left out, as name:type (nullability is not stored alike).
  private static List<String> columns(StructType schema) {
    return Arrays.stream(schema.fields())
        .filter(f -> !f.name().equals("date"))
        .map(f -> f.name() + ":" + f.dataType().simpleString())
        .toList();
  }

  private List<String> inferredBySpark(Path table, String partition) {
    return columns(
        spark
            .read()
            .option("basePath", table.toUri().toString())
            .parquet(table.resolve(partition).toUri().toString())
            .schema());
  }

  private Optional<StructType> fromFooter(Path folder) {
    return FooterSchema.of(spark, List.of(folder.toUri().toString()));
  }

  @ParameterizedTest
  @EnumSource(
      value = Layout.class,
      names = {"PARQUET_BY_DATE", "PARQUET_STRING_TIMESTAMPS"})
  void sparkWrittenFilesGiveTheColumnsSparkInfers(Layout layout) {
    Path root = TinyLake.shared(spark, layout);
    for (MdeTable table : MdeTable.values()) {
      Path folder = root.resolve(table.tableName());
      Optional<StructType> footer = fromFooter(folder.resolve("date=2026-01-05"));
      assertTrue(footer.isPresent(), table.tableName());
      assertEquals(inferredBySpark(folder, "date=2026-01-05"), columns(footer.get()));
    }
  }

  /** DuckDB's files: no Spark schema in the footer, timestamps without a zone. */
  @Test
  void anotherEnginesFilesGiveTheColumnsSparkInfers() throws Exception {
    Path table = dir.resolve("T");
    write(
        table.resolve("date=2026-01-05/data_0.parquet"),
        "message m { optional int64 Timestamp (TIMESTAMP(MICROS,false)); optional binary SHA1"
            + " (STRING); required int32 N; optional binary B; optional int96 Old; }");
    Optional<StructType> footer = fromFooter(table.resolve("date=2026-01-05"));
    assertEquals(inferredBySpark(table, "date=2026-01-05"), columns(footer.orElseThrow()));
    assertEquals(
        List.of("Timestamp:timestamp", "SHA1:string", "N:int", "B:binary", "Old:timestamp"),
        columns(footer.get()));
  }

  @Test
  void hiddenFilesAndFoldersAreNotTheFileTouched() throws Exception {
    Path partition = dir.resolve("T/date=2026-01-05");
    Files.createDirectories(partition.resolve("_temporary/0"));
    Files.writeString(partition.resolve("_temporary/0/aaa.parquet"), "not parquet");
    Files.writeString(partition.resolve(".aaa.parquet.crc"), "not parquet");
    Files.writeString(partition.resolve("_SUCCESS"), "");
    write(partition.resolve("part-0.parquet"), "message m { optional binary SHA1 (STRING); }");
    assertEquals(List.of("SHA1:string"), columns(fromFooter(partition).orElseThrow()));
  }

  @Test
  void whatSparkMustAnswerIsLeftToSpark() throws Exception {
    Path empty = dir.resolve("T/date=2026-01-05");
    Files.createDirectories(empty);
    Files.writeString(empty.resolve("_SUCCESS"), "");
    assertEquals(Optional.empty(), fromFooter(empty), "no data file");

    Path damaged = dir.resolve("T/date=2026-01-06");
    Files.createDirectories(damaged);
    Files.writeString(damaged.resolve("part-0.parquet"), "PAR1 truncated");
    assertEquals(Optional.empty(), fromFooter(damaged), "a footer that does not read");

    Path summarised = dir.resolve("T/date=2026-01-07");
    write(summarised.resolve("part-0.parquet"), "message m { optional binary SHA1 (STRING); }");
    write(summarised.resolve("_common_metadata"), "message m { optional binary SHA1 (STRING); }");
    assertEquals(Optional.empty(), fromFooter(summarised), "a summary file Spark prefers");

    Path partitionNamed = dir.resolve("T/date=2026-01-08");
    write(partitionNamed.resolve("part-0.parquet"), "message m { optional binary date (STRING); }");
    assertEquals(Optional.empty(), fromFooter(partitionNamed), "a column named like its folder");

    Path plain = dir.resolve("T/date=2026-01-09");
    write(plain.resolve("part-0.parquet"), "message m { optional binary SHA1 (STRING); }");
    spark.conf().set("spark.sql.parquet.mergeSchema", "true");
    try {
      assertEquals(Optional.empty(), fromFooter(plain), "schema merging on");
    } finally {
      spark.conf().unset("spark.sql.parquet.mergeSchema");
    }
    assertTrue(fromFooter(plain).isPresent());
  }

  /**
   * The point of it: planning a two-day read of every table starts no Spark job. Before, each
   * partition's schema and each read's were one job apiece (seven here).
   */
  @Test
  void readingARangeOfPartitionsStartsNoSparkJob() throws Exception {
    Path root = TinyLake.shared(spark, Layout.PARQUET_BY_DATE);
    var lake = SettingsLoader.load(null, List.of()).withLakeRoot(root.toString()).lake();
    AtomicInteger jobs = new AtomicInteger();
    SparkListener listener =
        new SparkListener() {
          @Override
          public void onJobStart(SparkListenerJobStart jobStart) {
            jobs.incrementAndGet();
          }
        };
    spark.sparkContext().addSparkListener(listener);
    try {
      for (MdeTable table : MdeTable.values()) {
        LakeReader.read(spark, lake, table, TimeRange.parse("2026-01-05", "2026-01-07")).schema();
      }
      // Listener events are delivered on their own thread: wait until every one posted is.
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
    assertEquals(0, jobs.get(), "Spark jobs started while planning the reads");
  }

  private static void write(Path file, String schemaText) throws Exception {
    MessageType schema = MessageTypeParser.parseMessageType(schemaText);
    Configuration conf = new Configuration();
    GroupWriteSupport.setSchema(schema, conf);
    try (var writer =
        ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(file.toUri()))
            .withConf(conf)
            .withType(schema)
            .build()) {
      var group = new SimpleGroupFactory(schema).newGroup();
      schema
          .getFields()
          .forEach(
              f -> {
                switch (f.asPrimitiveType().getPrimitiveTypeName()) {
                  case INT64 -> group.append(f.getName(), 1L);
                  case INT32 -> group.append(f.getName(), 1);
                  case INT96 ->
                      group.append(
                          f.getName(),
                          org.apache.parquet.io.api.Binary.fromConstantByteArray(new byte[12]));
                  default -> group.append(f.getName(), "x");
                }
              });
      writer.write(group);
    }
  }
}
