package dev.smbhunt.jobs.lake;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.config.SettingsLoader;
import dev.smbhunt.transforms.schema.MdeTable;
import dev.smbhunt.transforms.smb.RuleParams;
import dev.smbhunt.transforms.smb.ServiceNetworkEvents;
import dev.smbhunt.transforms.testing.TestSpark;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A late-materialized network read gives the rows and values of a whole read, whatever the writer
 * chose: page and row-group sizes that put the kept rows in a few of many pages, dictionaries on or
 * off, version-2 pages with delta encodings, every codec, INT96 and millisecond timestamps, text in
 * other stored types, bytes that are not UTF-8, nulls in every column, and a range that row-group
 * statistics prune.
 */
class LateFetchTest {
  private final SparkSession spark = TestSpark.session();
  private final RuleParams params = SettingsLoader.load(null, List.of()).rule().params();
  @TempDir Path dir;

  /** How a writer stored the same rows. */
  enum Writer {
    SMALL_PAGES_DICTIONARY(
        "snappy", Map.of("parquet.page.size", "1024", "parquet.block.size", "32768")),
    PLAIN_V1_GZIP(
        "gzip", Map.of("parquet.enable.dictionary", "false", "parquet.page.size", "2048")),
    // Plain text in many Snappy pages: each page is uncompressed into the buffer the next one
    // reuses.
    PLAIN_V1_SNAPPY(
        "snappy", Map.of("parquet.enable.dictionary", "false", "parquet.page.size", "1024")),
    V2_PAGES_ZSTD("zstd", Map.of("parquet.writer.version", "v2", "parquet.page.size", "1024")),
    V2_PLAIN_UNCOMPRESSED(
        "none",
        Map.of(
            "parquet.writer.version",
            "v2",
            "parquet.enable.dictionary",
            "false",
            "parquet.page.size",
            "4096")),
    INT96_TIMESTAMPS("snappy", Map.of("parquet.page.size", "1024")),
    MILLIS_TIMESTAMPS("lz4", Map.of("parquet.page.size", "1024")),
    OTHER_STORED_TYPES(
        "snappy", Map.of("parquet.page.size", "1024", "parquet.block.size", "65536"));

    final String codec;
    final Map<String, String> options;

    Writer(String codec, Map<String, String> options) {
      this.codec = codec;
      this.options = options;
    }
  }

  // 6,000 events over two days, ordered by time (so row groups have narrow Timestamp ranges), about
  // one in nine of them kept by networkEvents' filter, every column null somewhere.
  private Dataset<Row> events(Writer writer) {
    Dataset<Row> ids = spark.range(6000).toDF("id");
    Column id = col("id");
    Column nth = id.mod(lit(97));
    Column text = concat(lit("C:\\Windows\\Ünïcødé\\"), id.cast(DataTypes.StringType), lit(".exe"));
    Dataset<Row> rows =
        ids.select(
            lit(1767571200L)
                .plus(id.multiply(lit(28)))
                .cast(DataTypes.TimestampType)
                .as("Timestamp"),
            concat(lit("dev-"), id.mod(lit(13))).as("DeviceId"),
            when(nth.equalTo(1), lit(null))
                .otherwise(concat(lit("host-"), id.mod(lit(13))))
                .as("DeviceName"),
            when(id.mod(lit(3)).equalTo(0), lit("InboundConnectionAccepted"))
                .when(nth.equalTo(2), lit(null))
                .otherwise(lit("ConnectionSuccess"))
                .as("ActionType"),
            when(id.mod(lit(3)).equalTo(1), lit("svchost.exe"))
                .when(id.mod(lit(5)).equalTo(0), lit("SERVICES.EXE"))
                .when(nth.equalTo(3), lit(null))
                .otherwise(lit("services.exe"))
                .as("InitiatingProcessFileName"),
            when(nth.equalTo(4), lit(null))
                .otherwise(id.mod(lit(65536)).cast(DataTypes.IntegerType))
                .as("RemotePort"),
            when(nth.equalTo(5), lit(null))
                .otherwise(concat(lit("10.0."), id.mod(lit(250))))
                .as("RemoteIP"),
            when(nth.equalTo(6), lit(null))
                .otherwise(id.mod(lit(7)).plus(lit(440)).cast(DataTypes.IntegerType))
                .as("LocalPort"),
            when(nth.equalTo(7), lit(null))
                .otherwise(id.mod(lit(41)).plus(lit(600)))
                .as("InitiatingProcessId"),
            when(nth.equalTo(8), lit(null))
                .otherwise(lit(1767000000L).plus(id.mod(lit(5))).cast(DataTypes.TimestampType))
                .as("InitiatingProcessCreationTime"),
            when(nth.equalTo(9), lit(null)).otherwise(text).as("InitiatingProcessCommandLine"),
            when(nth.equalTo(10), lit(null))
                .otherwise(id.mod(lit(2)).equalTo(0))
                .as("IsInitiatingProcessRemoteSession"),
            id.multiply(lit(7)).as("ReportId"),
            when(nth.equalTo(11), lit(null))
                .otherwise(concat(lit("sha-"), id.mod(lit(29))))
                .as("InitiatingProcessSHA1"),
            // Not UTF-8: stored as bytes, cast to text by the contract byte for byte.
            when(nth.equalTo(12), lit(null))
                .otherwise(
                    concat(
                        lit(new byte[] {(byte) 0xC3, (byte) 0x28}),
                        id.cast(DataTypes.StringType).cast(DataTypes.BinaryType)))
                .as("AdditionalFields"));
    if (writer == Writer.OTHER_STORED_TYPES) {
      Column n = col("ReportId").divide(lit(7)).cast(DataTypes.LongType);
      rows =
          rows.withColumn("RemotePort", col("RemotePort").cast(DataTypes.LongType))
              .withColumn("LocalPort", col("LocalPort").cast(DataTypes.ShortType))
              .withColumn("InitiatingProcessSessionId", n.mod(lit(3)).cast(DataTypes.IntegerType))
              .withColumn("Protocol", n.mod(lit(3)).cast(DataTypes.ByteType))
              .withColumn("RemoteUrl", n.divide(lit(8)).cast(DataTypes.DoubleType))
              .withColumn("LocalIP", n.divide(lit(4)).cast(DataTypes.FloatType))
              .withColumn("LocalIPType", col("Timestamp").cast(DataTypes.DateType))
              .withColumn("Timestamp", col("Timestamp").cast(DataTypes.StringType));
    }
    // One row in 97 is filed under the day before its Timestamp's, as late exports are: a date
    // folder also holds rows outside its day, which only Timestamp leaves out.
    Column day = col("Timestamp").cast(DataTypes.DateType);
    Column filedEarly = col("ReportId").mod(lit(97 * 7)).equalTo(lit(13 * 7)); // id % 97 == 13
    return rows.withColumn(
        "date", when(filedEarly, date_sub(day, 1)).otherwise(day).cast(DataTypes.StringType));
  }

  private Path lake(Writer writer) {
    Path root = dir.resolve(writer.name());
    String timestamps =
        switch (writer) {
          case INT96_TIMESTAMPS -> "INT96";
          case MILLIS_TIMESTAMPS -> "TIMESTAMP_MILLIS";
          default -> "TIMESTAMP_MICROS";
        };
    spark.conf().set("spark.sql.parquet.outputTimestampType", timestamps);
    try {
      DataFrameWriter<Row> w =
          events(writer)
              .coalesce(1)
              .write()
              .option("compression", writer.codec)
              .partitionBy("date");
      for (Map.Entry<String, String> o : writer.options.entrySet()) {
        w = w.option(o.getKey(), o.getValue());
      }
      w.parquet(root.resolve(MdeTable.DEVICE_NETWORK_EVENTS.tableName()).toUri().toString());
    } finally {
      spark.conf().unset("spark.sql.parquet.outputTimestampType");
    }
    return root;
  }

  private Settings.Lake settings(Path root, boolean late) {
    return SettingsLoader.load(null, List.of("lake.late-materialization=" + late))
        .withLakeRoot(root.toString())
        .lake();
  }

  private Dataset<Row> read(Path root, boolean late, TimeRange range) {
    return LakeReader.readCounted(
            spark,
            settings(root, late),
            MdeTable.DEVICE_NETWORK_EVENTS,
            range,
            ServiceNetworkEvents.pushableEqualities(params),
            Optional.of(ServiceNetworkEvents.keeps(params)),
            w -> {})
        .rows();
  }

  private static boolean fetchedLate(Dataset<Row> rows) {
    return rows.queryExecution().executedPlan().toString().contains("MapPartitions");
  }

  @ParameterizedTest
  @EnumSource(Writer.class)
  void lateRowsAreTheWholeReadsRows(Writer writer) {
    Path root = lake(writer);
    for (TimeRange range :
        List.of(
            TimeRange.parse("2026-01-05", "2026-01-07"),
            // One whole day, whose folder also holds rows of the next: the narrow scan reads no
            // Timestamp, and the fetched rows are cut to the range.
            TimeRange.parse("2026-01-05", "2026-01-06"),
            // Part of each day: the narrow scan skips row groups by their statistics, and the row
            // indexes it gives must still count from the start of the file.
            TimeRange.parse("2026-01-05T07:00:00Z", "2026-01-06T15:30:00Z"))) {
      Dataset<Row> late = read(root, true, range);
      Dataset<Row> whole =
          LakeReader.read(
                  spark,
                  settings(root, false),
                  MdeTable.DEVICE_NETWORK_EVENTS,
                  range,
                  ServiceNetworkEvents.pushableEqualities(params))
              .filter(ServiceNetworkEvents.keeps(params));
      assertTrue(fetchedLate(late), writer + ": the late path was not taken");
      assertFalse(fetchedLate(whole));
      long kept = whole.count();
      assertTrue(kept > 300, writer + ": only " + kept + " rows kept");
      TestSpark.assertSameRows(whole, late);
    }
  }

  @Test
  void offReadsWhole() {
    Path root = lake(Writer.SMALL_PAGES_DICTIONARY);
    TimeRange range = TimeRange.parse("2026-01-05", "2026-01-07");
    assertFalse(fetchedLate(read(root, false, range)));
    assertTrue(fetchedLate(read(root, true, range)));
  }

  @Test
  void aDeltaTableIsReadWhole() {
    Path root = dir.resolve("delta");
    events(Writer.SMALL_PAGES_DICTIONARY)
        .write()
        .format("delta")
        .partitionBy("date")
        .save(root.resolve(MdeTable.DEVICE_NETWORK_EVENTS.tableName()).toUri().toString());
    Dataset<Row> rows = read(root, true, TimeRange.parse("2026-01-05", "2026-01-07"));
    assertFalse(fetchedLate(rows));
    assertEquals(
        read(lake(Writer.SMALL_PAGES_DICTIONARY), true, TimeRange.parse("2026-01-05", "2026-01-07"))
            .count(),
        rows.filter(ServiceNetworkEvents.keeps(params)).count());
  }
}
