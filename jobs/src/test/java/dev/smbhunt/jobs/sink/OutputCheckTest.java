package dev.smbhunt.jobs.sink;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smbhunt.jobs.storage.Location;
import dev.smbhunt.transforms.testing.TestSpark;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Delta on S3 with its default log store is single-cluster: a run writing there says so. */
class OutputCheckTest {
  private final SparkSession spark = TestSpark.session();

  @Test
  void anS3OutputWithoutAMultiClusterLogStoreIsWarnedAbout() {
    assertTrue(
        OutputCheck.warnOnSingleClusterLogStore(
            spark, Location.of("s3a://results/smb"), "alerts table"));
    assertFalse(
        OutputCheck.warnOnSingleClusterLogStore(spark, Location.of("/tmp/smb"), "alerts table"));
    assertFalse(
        OutputCheck.warnOnSingleClusterLogStore(
            spark, Location.of("abfss://r@a.dfs.core.windows.net/smb"), "alerts table"),
        "ADLS's log store is safe for concurrent writers");
    spark.conf().set("spark.delta.logStore.s3a.impl", "io.delta.storage.S3DynamoDBLogStore");
    try {
      assertFalse(
          OutputCheck.warnOnSingleClusterLogStore(
              spark, Location.of("s3a://results/smb"), "alerts table"));
    } finally {
      spark.conf().unset("spark.delta.logStore.s3a.impl");
    }
  }
}
