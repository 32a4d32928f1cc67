package dev.smbhunt.jobs.detect;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smbhunt.transforms.testing.TestSpark;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;

/** The jobs a run starts ahead: computed once, failures left to the run, cancelled on close. */
class EarlyJobsTest {
  private final SparkSession spark = TestSpark.session();

  private long cachedPartitions() {
    return Arrays.stream(spark.sparkContext().getRDDStorageInfo())
        .mapToLong(i -> i.numCachedPartitions())
        .sum();
  }

  @Test
  void aPersistedStageIsFilledBeforeTheRunAsksForIt() {
    Dataset<Row> stage = spark.range(0, 1000, 1, 2).toDF().persist(StorageLevel.MEMORY_AND_DISK());
    try (EarlyJobs early = new EarlyJobs(spark)) {
      long before = cachedPartitions();
      early.materialize("stage", stage);
      // Jobs run in order: once this one has, the stage's job before it has too.
      EarlyJobs.await(early.submit(() -> null));
      long after = cachedPartitions();
      assertEquals(before + 2, after, "both partitions of the stage are cached");
    } finally {
      stage.unpersist(true);
    }
  }

  @Test
  void aStageThatFailsAheadIsLeftToTheRunsOwnAction() {
    Dataset<Row> failing =
        spark
            .range(0, 10)
            .toDF()
            .select(when(col("id").equalTo(7), raise_error(lit("bad row 7"))).as("x"))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try (EarlyJobs early = new EarlyJobs(spark)) {
      early.materialize("failing", failing);
      // The failure is not this thread's to report, and later jobs still run.
      assertEquals("next", EarlyJobs.await(early.submit(() -> "next")));
      Exception raised = assertThrows(Exception.class, failing::count);
      assertTrue(String.valueOf(raised.getMessage()).contains("bad row 7"), raised.getMessage());
    } finally {
      failing.unpersist(true);
    }
  }

  @Test
  void awaitRaisesTheJobsOwnException() {
    try (EarlyJobs early = new EarlyJobs(spark)) {
      Future<Object> result =
          early.submit(
              () -> {
                throw new IllegalArgumentException("DeviceNetworkEvents: no column Timestamp");
              });
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> EarlyJobs.await(result));
      assertEquals("DeviceNetworkEvents: no column Timestamp", e.getMessage());
    }
  }

  @Test
  void closingCancelsTheRunningJobAndDropsTheRest() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch ended = new CountDownLatch(1);
    AtomicBoolean succeeded = new AtomicBoolean();
    SparkListener listener =
        new SparkListener() {
          @Override
          public void onJobStart(SparkListenerJobStart jobStart) {
            started.countDown();
          }

          @Override
          public void onJobEnd(SparkListenerJobEnd jobEnd) {
            succeeded.set(jobEnd.jobResult() instanceof org.apache.spark.scheduler.JobSucceeded$);
            ended.countDown();
          }
        };
    spark.sparkContext().addSparkListener(listener);
    AtomicBoolean laterRan = new AtomicBoolean();
    Future<Long> running;
    try {
      EarlyJobs early = new EarlyJobs(spark);
      // A job that would run for hours: every row waits.
      running =
          early.submit(
              () ->
                  spark
                      .range(0, 1_000_000, 1, 2)
                      .toDF()
                      .filter(
                          (FilterFunction<Row>)
                              r -> {
                                Thread.sleep(10);
                                return true;
                              })
                      .count());
      early.submit(
          () -> {
            laterRan.set(true);
            return null;
          });
      assertTrue(started.await(60, TimeUnit.SECONDS), "the job started");
      early.close();
      assertTrue(ended.await(60, TimeUnit.SECONDS), "the Spark job ended");
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
    assertFalse(succeeded.get(), "the Spark job was cancelled, not run to its end");
    assertTrue(running.isDone(), "close waits for the thread's job to end");
    assertThrows(Exception.class, () -> EarlyJobs.await(running));
    assertFalse(laterRan.get(), "a job not yet started is dropped");
  }
}
