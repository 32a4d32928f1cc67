package dev.smbhunt.jobs.generate;

import dev.smbhunt.jobs.storage.Location;
import dev.smbhunt.jobs.storage.Storage;
import dev.smbhunt.transforms.schema.MdeTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Writes a deterministic synthetic MDE lake with ground truth for the SMB/Windows Admin Shares
 * rule.
 *
 * <p>Layout under {@code out}: {@code DeviceNetworkEvents/}, {@code DeviceProcessEvents/} and
 * {@code DeviceFileCertificateInfo/}, each with every documented column of its {@link MdeTable} and
 * hive-partitioned by {@code date} (the UTC day of {@code Timestamp}); {@code _ground_truth/}
 * (Parquet) and {@code _ground_truth.md}. Existing data in those places is replaced. With {@link
 * LakeFormat#STREAMING_API} the same rows are written as raw Streaming API files instead ({@link
 * StreamingApiWriter}), for {@code ingest} to turn into that lake.
 *
 * <p>Each device is generated independently from a small plan, on the executors: the work grows
 * linearly with devices and days, and the rows never pass through the driver.
 */
public final class LakeGenerator {
  private LakeGenerator() {}

  public static GenerationReport generate(
      SparkSession spark, Location out, GeneratorOptions options) {
    List<Device> fleet = Fleet.of(options);
    List<DevicePlan> plans = CasePlacer.plan(options, fleet, PlantedCases.all());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    // One slice per core: enough parallelism, and few files per date partition.
    int slices = Math.max(1, Math.min(plans.size(), jsc.defaultParallelism()));
    JavaRDD<DevicePlan> work = jsc.parallelize(plans, slices);

    Map<String, Long> rows = new LinkedHashMap<>();
    Map<String, Location> paths = new LinkedHashMap<>();
    for (MdeTable table : MdeTable.values()) {
      // Regenerating a device per table is cheaper than shuffling or caching its rows, and just as
      // exact.
      JavaRDD<Row> tableRows =
          work.flatMap(plan -> DeviceGenerator.generate(plan).rows(table).iterator());
      Location dir = out.child(table.tableName());
      StructType schema = RowWriter.lakeSchema(table);
      Dataset<Row> lake =
          RowWriter.withTimestamps(
              spark.createDataFrame(tableRows, RowWriter.rawSchema(schema)), schema);
      if (options.format().isTable()) {
        LakeWriter.write(spark, lake, dir, options.format(), RowWriter.DATE_COLUMN);
        paths.put(table.tableName(), dir);
        rows.put(table.tableName(), LakeWriter.count(spark, dir, options.format()));
      } else {
        paths.put(table.tableName(), StreamingApiWriter.tableDir(out, table));
        rows.put(
            table.tableName(),
            StreamingApiWriter.write(
                spark, lake, out, table, StreamingApiWriter.tenantId(options.seed())));
      }
    }

    Location truthDir = out.child(GroundTruth.DIRECTORY);
    JavaRDD<Row> truthRows =
        work.flatMap(plan -> DeviceGenerator.generate(plan).groundTruth().iterator());
    GroundTruth.write(GroundTruth.fromRaw(spark, truthRows), truthDir);
    GroundTruthSummary summary = GroundTruthSummary.of(GroundTruth.read(spark, truthDir));
    Location summaryFile = out.child(GroundTruth.SUMMARY_FILE);
    summary.writeMarkdown(Storage.of(spark), summaryFile, options);

    return new GenerationReport(
        out,
        options,
        rows,
        paths,
        truthDir,
        summaryFile,
        summary.plantedCases(),
        summary.plantedPositivePairs(),
        summary.plantedNegativePairs(),
        summary.backgroundPositivePairs(),
        summary.backgroundNegativePairs());
  }
}
