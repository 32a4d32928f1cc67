package dev.smbhunt.jobs.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smbhunt.transforms.testing.TestSpark;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.CachedData;
import org.apache.spark.sql.execution.columnar.InMemoryRelation;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;
import scala.Option;

/** A named cache entry, and a Dataset of its rows alone: the rows persist gives, computed once. */
class NamedCacheTest {
  private final SparkSession spark = TestSpark.session();

  /** Ten ids, each computed through {@code computed}, so a test sees when rows are computed. */
  private Dataset<Row> counted(LongAccumulator computed) {
    return spark
        .range(0, 10, 1, 2)
        .map(
            (MapFunction<Long, Long>)
                id -> {
                  computed.add(1);
                  return id;
                },
            Encoders.LONG())
        .toDF("id")
        .withColumn("twice", col("id").multiply(2));
  }

  private Option<CachedData> entry(Dataset<Row> ds) {
    return spark.sharedState().cacheManager().lookupCachedData(ds);
  }

  @Test
  void theEntryIsLabelledWithItsNameNotItsPlan() {
    Dataset<Row> ds =
        NamedCache.persist(
            counted(spark.sparkContext().longAccumulator()),
            "networkEvents",
            StorageLevel.MEMORY_AND_DISK());
    try {
      assertTrue(entry(ds).isDefined(), "cached");
      assertEquals(
          "In-memory table networkEvents",
          entry(ds).get().cachedRepresentation().cacheBuilder().cachedName());
      assertEquals(StorageLevel.MEMORY_AND_DISK(), ds.storageLevel());
    } finally {
      ds.unpersist(true);
    }
    assertTrue(entry(ds).isEmpty(), "released by unpersist");
  }

  @Test
  void theCachedRowsAreReadNotComputedAgain() {
    LongAccumulator computed = spark.sparkContext().longAccumulator();
    Dataset<Row> ds =
        NamedCache.persist(counted(computed), "stage", StorageLevel.MEMORY_AND_DISK());
    try {
      Dataset<Row> rows = NamedCache.cachedRows(ds);
      assertInstanceOf(InMemoryRelation.class, rows.logicalPlan(), "the entry alone");
      assertEquals(10, ds.count());
      assertEquals(10, computed.value(), "computed once, by the first action");
      assertEquals(90, rows.agg(org.apache.spark.sql.functions.sum("twice")).first().getLong(0));
      // A self-join reads the same entry on both sides, and a column of the persisted Dataset
      // resolves against the cached rows.
      Dataset<Row> other = rows.select(col("id").as("other"), col("twice").as("otherTwice"));
      assertEquals(10, rows.join(other, ds.col("id").equalTo(other.col("other"))).count());
      assertEquals(10, computed.value(), "no row computed again");
      assertEquals(ds.schema(), rows.schema());
    } finally {
      ds.unpersist(true);
    }
  }

  @Test
  void aDatasetNotCachedIsHandedBackAsItIs() {
    Dataset<Row> ds = counted(spark.sparkContext().longAccumulator());
    assertSame(ds, NamedCache.cachedRows(ds));
  }
}
