package dev.smbhunt.transforms.testing;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of a test JVM: {@code local[2]}, two shuffle partitions, UTC, no UI,
 * loopback only. Delta's extension is enabled when Delta is on the classpath (the jobs module), so
 * both modules share one definition.
 */
public final class TestSpark {
  private static SparkSession session;
  // spark-testing-base's comparisons, used from JUnit 5 tests; its JUnit 4 lifecycle is not used.
  private static final JavaDataFrameSuiteBase COMPARISONS = new JavaDataFrameSuiteBase();

  private TestSpark() {}

  public static synchronized SparkSession session() {
    if (session == null) {
      SparkSession.Builder builder =
          SparkSession.builder()
              .appName("smb-hunt-tests")
              .master("local[2]")
              .config("spark.sql.shuffle.partitions", "2")
              .config("spark.default.parallelism", "2")
              .config("spark.sql.session.timeZone", "UTC")
              // InputContract turns failed casts into errors naming table, column and value.
              .config("spark.sql.ansi.enabled", "false")
              .config("spark.ui.enabled", "false")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .config("spark.sql.adaptive.enabled", "false")
              .config("spark.sql.parquet.inferTimestampNTZ.enabled", "false")
              .config("spark.databricks.delta.snapshotPartitions", "2");
      if (deltaOnClasspath()) {
        builder
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config(
                "spark.sql.catalog.spark_catalog",
                "org.apache.spark.sql.delta.catalog.DeltaCatalog");
      }
      session = builder.getOrCreate();
      session.sparkContext().setLogLevel("WARN");
    }
    return session;
  }

  /** Same schema, same rows as a multiset (order ignored, duplicates counted). */
  public static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual) {
    COMPARISONS.assertDataFrameNoOrderEquals(expected, actual);
  }

  private static boolean deltaOnClasspath() {
    try {
      Class.forName("io.delta.sql.DeltaSparkSessionExtension");
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
