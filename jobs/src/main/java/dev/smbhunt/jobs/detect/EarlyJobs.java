package dev.smbhunt.jobs.detect;

import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spark jobs a run starts before it needs them, one after another on one background thread: the
 * persisted stages fill while the driver is still building and planning the rest of the hunt, which
 * is one thread's work and leaves the second core mostly idle on a short run (docs/benchmark.md).
 * Their results are the same whichever thread computes them: a persisted stage is computed once, by
 * whichever job reaches a partition first, and the other reads it.
 *
 * <p>Close it when the run's actions are done or have failed: jobs still running are cancelled, and
 * ones not started are dropped.
 */
public final class EarlyJobs implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EarlyJobs.class);

  private final SparkSession spark;
  private final String group = "smb-hunt-early-" + UUID.randomUUID();
  private final ExecutorService thread;
  private boolean closed;

  public EarlyJobs(SparkSession spark) {
    this.spark = spark;
    this.thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "smb-hunt-early-jobs");
              t.setDaemon(true); // never what keeps a JVM alive after its run
              return t;
            });
  }

  /**
   * Computes {@code persisted} ahead of the run's own action. A failure is not reported here: the
   * run's action computes the stage again and fails with the same error, where the run reports
   * errors.
   */
  public void materialize(String name, Dataset<Row> persisted) {
    submit(
        () -> {
          try {
            persisted.count();
          } catch (Exception e) { // Spark's own exceptions are checked, and undeclared
            LOG.debug("computing {} ahead failed; the run's own action will report it", name, e);
          }
          return null;
        });
  }

  /** Runs {@code job} after the jobs submitted before it; {@link #await} its result. */
  public <T> Future<T> submit(Supplier<T> job) {
    return thread.submit(
        () -> {
          // Named so that close() can cancel what is still running; not interrupted, as an
          // interrupted read on a remote store can leave its connection unusable.
          spark.sparkContext().setJobGroup(group, "smb-hunt: stages computed ahead", false);
          return job.get();
        });
  }

  /** The result of a job {@link #submit submitted} here, or its own exception, unwrapped. */
  public static <T> T await(Future<T> result) {
    try {
      return result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for a Spark job", e);
    } catch (ExecutionException e) {
      // As if the caller had run the job: Spark's checked exceptions too, unwrapped, so that the
      // run reports them as it reports every other.
      throw EarlyJobs.<RuntimeException>unchecked(e.getCause());
    }
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E unchecked(Throwable t) throws E {
    throw (E) t;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    spark.sparkContext().cancelJobGroup(group);
    thread.shutdownNow();
    try {
      if (!thread.awaitTermination(60, TimeUnit.SECONDS)) {
        LOG.warn("a Spark job started ahead did not stop within 60 s of its cancellation");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
