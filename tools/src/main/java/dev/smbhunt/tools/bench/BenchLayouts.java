package dev.smbhunt.tools.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.hour;

import dev.smbhunt.transforms.schema.MdeTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The same generated lake in the layouts other writers leave, so the bench measures lakes we did
 * not write: {@code duckdb} (DuckDB's {@code COPY ... PARTITION_BY (date)}: one file a day,
 * DuckDB's row groups) and {@code hourly-files} (many small files a day, as hourly Streaming API
 * ingestion leaves them). Each is written once next to the generated lake and reused while the
 * generated lake is unchanged.
 */
final class BenchLayouts {
  private static final Logger LOG = LoggerFactory.getLogger(BenchLayouts.class);
  private static final String MARKER = "_bench_layout.txt";

  private BenchLayouts() {}

  /** {@code generated} in {@code layout}; the generated lake itself for {@code generated}. */
  static BenchLake of(
      SparkSession spark,
      BenchLake generated,
      BenchSettings.Layout layout,
      String generatedOptions) {
    if (layout == BenchSettings.Layout.GENERATED) {
      return generated;
    }
    String label = generated.label() + "@" + layout.configName();
    Path root = generated.root().resolveSibling(label);
    String marker = layout.configName() + " of " + generatedOptions;
    try {
      if (!Files.isRegularFile(root.resolve(MARKER))
          || !Files.readString(root.resolve(MARKER)).equals(marker)) {
        LOG.info("bench: writing {} at {}", label, root);
        FileUtils.deleteDirectory(root.toFile());
        Files.createDirectories(root);
        switch (layout) {
          case DUCKDB -> duckdb(generated.root(), root);
          case HOURLY_FILES ->
              hourlyFiles(
                  spark,
                  generated.root(),
                  root,
                  (int)
                      Math.max(
                          1,
                          java.time.Duration.between(
                                  generated.range().from(), generated.range().to())
                              .toHours()));
          case GENERATED -> throw new IllegalStateException("the generated lake is not rewritten");
        }
        Files.writeString(root.resolve(MARKER), marker);
      } else {
        LOG.info("bench: reusing {} at {}", label, root);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing " + label, e);
    }
    return new BenchLake(
        label,
        generated.scaleFactor(),
        generated.hot(),
        root,
        generated.range(),
        generated.inputRows());
  }

  // DuckDB writes COPY's target relative to its working folder: a child JVM runs in the target
  // lake.
  private static void duckdb(Path source, Path target) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                BenchLayouts.class.getName(),
                source.toAbsolutePath().toString())
            .directory(target.toFile())
            .redirectErrorStream(true)
            .redirectOutput(target.resolve("_duckdb_copy.log").toFile())
            .start();
    if (!p.waitFor(2, TimeUnit.HOURS) || p.exitValue() != 0) {
      throw new IllegalStateException(
          "DuckDB's rewrite of "
              + source
              + " failed: "
              + Files.readString(target.resolve("_duckdb_copy.log")).strip());
    }
    Files.delete(target.resolve("_duckdb_copy.log"));
  }

  /** The child of {@link #duckdb}: {@code <generated lake>}, in the target lake's folder. */
  public static void main(String[] args) throws Exception {
    Path source = Path.of(args[0]);
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
      String[] variables = {"network_files", "process_files", "certificate_files"};
      MdeTable[] tables = {
        MdeTable.DEVICE_NETWORK_EVENTS,
        MdeTable.DEVICE_PROCESS_EVENTS,
        MdeTable.DEVICE_FILE_CERTIFICATE_INFO
      };
      for (int i = 0; i < tables.length; i++) {
        // The variable name is ours, a constant; the path is bound, never spliced into the SQL.
        try (PreparedStatement set =
            connection.prepareStatement("SET VARIABLE " + variables[i] + " = ?")) {
          set.setString(1, source.resolve(tables[i].tableName()) + "/**/*.parquet");
          set.execute();
        }
      }
      try (Statement statement = connection.createStatement()) {
        for (String sql : DuckDbContestant.statements("layout-duckdb.sql")) {
          statement.execute(sql);
        }
      }
    }
  }

  /**
   * Each table rewritten with one file per (day, hour) it has rows in, as an hourly export lands
   * them: a day is about 24 files, a lake of 7 days about 170 per table.
   */
  private static void hourlyFiles(SparkSession spark, Path source, Path target, int hours) {
    for (MdeTable t : MdeTable.values()) {
      spark
          .read()
          .parquet(source.resolve(t.tableName()).toString())
          .repartition(hours, col("date"), hour(col("Timestamp")))
          .write()
          .partitionBy("date")
          .parquet(target.resolve(t.tableName()).toString());
    }
  }
}
