package dev.smbhunt.jobs.generate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import dev.smbhunt.jobs.storage.Location;
import dev.smbhunt.jobs.storage.Storage;
import dev.smbhunt.transforms.schema.MdeTable;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Writes generated rows as the Streaming API writes them to a storage account (docs/ingest.md):
 * {@code insights-logs-advancedhunting-<table
 * lower>/tenantId=<guid>/y=YYYY/m=MM/d=DD/h=HH/m=00/PT1H.json}, JSON Lines with CRLF, one envelope
 * {@code {time, tenantId, operationName, category, properties}} per row, missing values as JSON
 * null, datetimes as ISO-8601 UTC with 5 to 7 fractional digits. The folder hour is the arrival
 * hour ({@code time}), which may differ from the event's.
 */
final class StreamingApiWriter {
  private static final String PATH = "_path";
  private static final String LINE = "_line";
  private static final String TIME = "_time";

  private StreamingApiWriter() {}

  /** A tenant id fixed by the seed, so the same seed writes the same files. */
  static String tenantId(long seed) {
    return UUID.nameUUIDFromBytes(("smb-hunt-tenant-" + seed).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  static Location tableDir(Location out, MdeTable table) {
    return out.child("insights-logs-advancedhunting-" + table.tableName().toLowerCase(Locale.ROOT));
  }

  /**
   * @param rows the generated lake rows of {@code table} (documented columns, typed, and {@code
   *     date})
   * @return rows written
   */
  static long write(
      SparkSession spark, Dataset<Row> rows, Location out, MdeTable table, String tenantId) {
    Location dir = tableDir(out, table);
    Storage.of(spark).deleteRecursively(dir);
    List<Column> properties = new ArrayList<>();
    for (StructField f : table.schema().fields()) {
      properties.add(
          f.dataType() instanceof TimestampType ? iso(col(f.name())).as(f.name()) : col(f.name()));
    }
    // Received a few seconds to two minutes after the event, varying by ReportId.
    Column received =
        col("Timestamp").plus(expr("make_interval(0, 0, 0, 0, 0, 0, pmod(ReportId, 120) + 3)"));
    Column propertiesJson =
        to_json(struct(properties.toArray(Column[]::new)), Map.of("ignoreNullFields", "false"));
    // The envelope's fields are constants and formatted datetimes; only properties carries data, as
    // JSON.
    Column line =
        concat(
            lit("{\"time\":\""),
            iso(col(TIME)),
            lit(
                "\",\"tenantId\":\""
                    + tenantId
                    + "\",\"operationName\":\"Publish\",\"category\":\"AdvancedHunting-"
                    + table.tableName()
                    + "\",\"properties\":"),
            propertiesJson,
            lit("}"));
    Column path =
        concat(
            lit(dir.uri() + "/tenantId=" + tenantId + "/"),
            date_format(col(TIME), "'y='yyyy'/m='MM'/d='dd'/h='HH'/m=00/PT1H.json'"));
    Dataset<Row> lines =
        rows.withColumn(TIME, received)
            .select(path.as(PATH), line.as(LINE), col(TIME), col("ReportId"))
            .repartition(col(PATH))
            .sortWithinPartitions(PATH, TIME, "ReportId");
    // The executors write through the same Hadoop configuration as the driver (credentials,
    // endpoints).
    Broadcast<SerializableConfiguration> conf =
        JavaSparkContext.fromSparkContext(spark.sparkContext())
            .broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
    lines
        .select(PATH, LINE)
        .foreachPartition((ForeachPartitionFunction<Row>) part -> writeFiles(part, conf.value()));
    return rows.count();
  }

  /**
   * ISO-8601 UTC ending in Z with 7 fractional digits (100 ns ticks), trailing zeros trimmed down
   * to 5, as .NET writes them. The 7th digit is made up from the microseconds, so that ingestion
   * must truncate it; sessions are pinned to UTC.
   */
  static Column iso(Column timestamp) {
    Column micros = unix_micros(timestamp);
    Column ticks = pmod(micros, lit(1_000_000L)).multiply(10).plus(pmod(micros, lit(7L)));
    Column fraction = regexp_replace(lpad(ticks.cast("string"), 7, "0"), "^(\\d{5}\\d*?)0*$", "$1");
    return when(timestamp.isNull(), lit(null).cast("string"))
        .otherwise(
            concat(date_format(timestamp, "yyyy-MM-dd'T'HH:mm:ss"), lit("."), fraction, lit("Z")));
  }

  // Executor side: rows arrive sorted by file, so each file is opened once.
  private static void writeFiles(java.util.Iterator<Row> rows, SerializableConfiguration conf)
      throws IOException {
    String current = null;
    BufferedWriter writer = null;
    try {
      while (rows.hasNext()) {
        Row r = rows.next();
        if (!r.getString(0).equals(current)) {
          if (writer != null) {
            writer.close();
          }
          current = r.getString(0);
          Path file = new Path(current);
          // As the Streaming API writes them: no Hadoop .crc beside each file.
          FileSystem fs = Storage.withoutChecksums(file.getFileSystem(conf.value()));
          writer =
              new BufferedWriter(
                  new OutputStreamWriter(fs.create(file, true), StandardCharsets.UTF_8));
        }
        writer.write(r.getString(1));
        writer.write("\r\n");
      }
    } finally {
      if (writer != null) {
        writer.close();
      }
    }
  }
}
