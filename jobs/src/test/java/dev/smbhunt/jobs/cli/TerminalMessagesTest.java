package dev.smbhunt.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smbhunt.jobs.testing.CliProcess;
import dev.smbhunt.jobs.testing.TinyLake;
import dev.smbhunt.jobs.testing.TinyLake.Layout;
import dev.smbhunt.transforms.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a whole {@code bin/hunt} process prints when the data is bad: one line naming the table,
 * column, value and file, and where the details are; Spark's task failures and their stack traces
 * go to the run's log file, and reach the terminal only with --verbose.
 */
class TerminalMessagesTest {
  private final SparkSession spark = TestSpark.session();
  @TempDir Path dir;
  private Path lake;

  @BeforeEach
  void aLakeWithAnUnreadableTimestamp() {
    lake = TinyLake.write(spark, dir.resolve("lake"), Layout.PARQUET_BY_DATE);
    spark
        .createDataFrame(
            List.of(RowFactory.create("yesterday at noon", "2026-01-05", "x")),
            new StructType().add("Timestamp", "string").add("date", "string").add("SHA1", "string"))
        .write()
        .mode("overwrite")
        .partitionBy("date")
        .parquet(lake.resolve("DeviceFileCertificateInfo").toString());
  }

  private CliProcess.Result detect(String... extra) throws Exception {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "detect",
                "--lake",
                lake.toString(),
                "--output",
                dir.resolve("out").toString(),
                "--from",
                "2026-01-05",
                "--to",
                "2026-01-06"));
    args.addAll(List.of(extra));
    return CliProcess.run(dir, 300, args);
  }

  @Test
  void aBadValueIsOneLineNamingTheFileAndTheLogThatHasTheTraces() throws Exception {
    CliProcess.Result r = detect();
    assertEquals(1, r.code(), r.err());
    List<String> lines = r.err().lines().toList();
    assertFalse(r.err().contains("\tat "), "a stack trace reached the terminal:\n" + r.err());
    assertFalse(
        r.err().contains("ERROR Executor") || r.err().contains("WARN TaskSetManager"), r.err());
    String last = lines.get(lines.size() - 1);
    assertTrue(
        last.startsWith(
            "error: DeviceFileCertificateInfo: column 'Timestamp' has value 'yesterday at noon', "
                + "which cannot be read as timestamp (file file:"
                + lake.resolve("DeviceFileCertificateInfo/date=2026-01-05/part-")),
        last);
    int details = last.indexOf(" (details: ");
    assertTrue(details > 0 && last.endsWith(")"), last);
    Path log = Path.of(last.substring(details + " (details: ".length(), last.length() - 1));
    assertTrue(log.startsWith(dir.resolve("logs")), log.toString());
    String logged = Files.readString(log);
    assertTrue(logged.contains("\tat org.apache.spark"), "the log keeps the traces");
    assertTrue(logged.contains("yesterday at noon"), "the log keeps the failure");
  }

  @Test
  void verboseShowsTheTracesOnTheTerminalToo() throws Exception {
    CliProcess.Result r = detect("--verbose");
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("\tat org.apache.spark"), r.err());
    assertTrue(
        r.err()
            .lines()
            .reduce((a, b) -> b)
            .orElse("")
            .startsWith("error: DeviceFileCertificateInfo: "),
        r.err());
  }

  /**
   * A clean ingest used to print about 3,900 lines: Janino's "Code grows beyond 64 KB" for the wide
   * typing projection, with its trace, and the plan dumps. The cause is gone, not hidden: the run
   * log has none.
   */
  @Test
  void aCleanIngestPrintsItsProgressAndNoCompilerFailure() throws Exception {
    Path source = dir.resolve("source");
    org.apache.commons.io.FileUtils.copyDirectory(
        Path.of("src/test/resources/ingest/good").toFile(), source.toFile());
    CliProcess.Result r =
        CliProcess.run(
            dir,
            300,
            List.of(
                "ingest",
                "--source",
                source.toString(),
                "--lake",
                dir.resolve("ingested").toString()));
    assertEquals(0, r.code(), r.err());
    assertFalse(
        r.log().contains("64 KB") || r.log().contains("CodeGenerator"),
        "the compiler failed:\n" + r.log().lines().limit(20).reduce("", (a, b) -> a + b + "\n"));
    assertFalse(r.err().contains("\tat "), r.err());
    assertTrue(r.err().lines().count() < 20, "a handful of progress lines:\n" + r.err());
  }
}
