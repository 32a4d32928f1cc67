package dev.smbhunt.jobs.ingest;

import static dev.smbhunt.transforms.ingest.RawColumns.DETAIL;
import static dev.smbhunt.transforms.ingest.RawColumns.RAW_TEXT;
import static dev.smbhunt.transforms.ingest.RawColumns.REASON;
import static dev.smbhunt.transforms.ingest.RawColumns.SOURCE_FILE;
import static dev.smbhunt.transforms.ingest.RawColumns.SOURCE_LINE;
import static dev.smbhunt.transforms.ingest.RawColumns.TABLE;
import static org.apache.spark.sql.functions.col;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.storage.Location;
import dev.smbhunt.jobs.storage.Namespaces;
import dev.smbhunt.jobs.storage.Storage;
import dev.smbhunt.jobs.storage.TableRef;
import dev.smbhunt.transforms.ingest.ExportFormat;
import dev.smbhunt.transforms.ingest.RawRecords;
import dev.smbhunt.transforms.ingest.RawTyping;
import dev.smbhunt.transforms.schema.MdeTable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests raw Defender exports into the lake, exactly once.
 *
 * <p>Order of commits, each an atomic Delta commit: the quarantine table, then each lake table
 * (insert-only MERGE on the event key), then the manifest of the files read. A run that dies
 * anywhere leaves its files out of the manifest, so the next run reads them again, and every one of
 * those commits skips what is already there: no record is lost and none is written twice.
 */
public final class IngestJob {
  private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

  /** What to ingest. */
  public record Request(Location source, ExportFormat format, List<MdeTable> tables) {}

  /** Called after each commit; tests use it to kill a run between two commits. */
  @FunctionalInterface
  public interface Steps {
    Steps NONE = step -> {};

    void committed(String step);
  }

  private static final String WHOLE_STAGE_CODEGEN = "spark.sql.codegen.wholeStage";

  private IngestJob() {}

  public static IngestSummary run(SparkSession spark, Settings settings, Request request) {
    return run(spark, settings, request, Steps.NONE);
  }

  static IngestSummary run(SparkSession spark, Settings settings, Request request, Steps steps) {
    // The typing projection of a wide table (a CASE, a trim and a cast per documented column)
    // generates a whole-stage method beyond the JVM's 64 KB limit: Janino fails, Spark logs the
    // failure with its trace (thousands of lines per run) and falls back to per-operator code.
    // Ingest's queries are planned that way from the start, so nothing fails; detect keeps
    // whole-stage code generation.
    String previous = spark.conf().get(WHOLE_STAGE_CODEGEN, "true");
    spark.conf().set(WHOLE_STAGE_CODEGEN, "false");
    try {
      return ingest(spark, settings, request, steps);
    } finally {
      spark.conf().set(WHOLE_STAGE_CODEGEN, previous);
    }
  }

  private static IngestSummary ingest(
      SparkSession spark, Settings settings, Request request, Steps steps) {
    Instant started = Instant.now();
    String runId = UUID.randomUUID().toString();
    Settings.Lake lake = settings.lake();
    IngestSettings ingest = IngestSettings.from(settings);
    TableRef manifest = ingest.manifestRef(lake);
    TableRef quarantine = ingest.quarantineRef(lake);
    String partition = lake.partitionColumn();

    if (!lake.database().isEmpty()) {
      Namespaces.ensure(spark, lake.database());
    }
    List<SourceFile> listed =
        SourceFiles.list(Storage.of(spark), request.source(), request.format(), request.tables());
    List<SourceFile> files = IngestManifest.unprocessed(spark, manifest, listed);
    LOG.info(
        "ingest: {} files under {}, {} not ingested yet",
        listed.size(),
        request.source().display(),
        files.size());

    // Read once: every count and write below reuses the parsed records.
    Dataset<Row> parsed =
        RawRecords.parse(SourceReader.read(spark, files), request.format(), request.tables())
            .persist(StorageLevel.MEMORY_AND_DISK());
    Map<MdeTable, Dataset<Row>> typed = new EnumMap<>(MdeTable.class);
    try {
      Column bad = col(REASON).isNotNull();
      Dataset<Row> quarantined = parsed.filter(bad).select(quarantineColumns());
      for (MdeTable t : request.tables()) {
        Dataset<Row> rows =
            RawTyping.type(parsed, t, partition).persist(StorageLevel.MEMORY_AND_DISK());
        typed.put(t, rows);
        quarantined = quarantined.unionByName(rows.filter(bad).select(quarantineColumns()));
      }
      long unattributed = parsed.filter(bad).count();
      QuarantineTable.merge(spark, quarantine, quarantined, runId, started);
      steps.committed("quarantine");

      Map<MdeTable, long[]> readAndBad = new EnumMap<>(MdeTable.class);
      long totalRead = unattributed;
      long totalBad = unattributed;
      for (MdeTable t : request.tables()) {
        long read = typed.get(t).count();
        long badRows = typed.get(t).filter(bad).count();
        readAndBad.put(t, new long[] {read, badRows});
        totalRead += read;
        totalBad += badRows;
      }
      Map<String, Long> byReason = byReason(quarantined);
      requireWithinThreshold(totalRead, totalBad, ingest.maxBadFraction(), quarantine, byReason);

      List<IngestSummary.TableCounts> counts = new ArrayList<>();
      Map<String, Map<String, Long>> undocumented = new LinkedHashMap<>();
      for (MdeTable t : request.tables()) {
        Dataset<Row> good = typed.get(t).filter(col(REASON).isNull());
        long written =
            LakeTableSink.merge(spark, lake.ref(t), t, partition, good, ingest.dedupKeys().get(t));
        steps.committed(t.tableName());
        long read = readAndBad.get(t)[0];
        long badRows = readAndBad.get(t)[1];
        counts.add(
            new IngestSummary.TableCounts(
                t.tableName(), read, written, read - badRows - written, badRows));
        undocumented.put(t.tableName(), columnCounts(RawRecords.undocumentedColumns(parsed, t)));
      }
      IngestManifest.record(spark, manifest, files, request.format().cliName(), runId, started);
      steps.committed("manifest");
      return new IngestSummary(
          listed.size(),
          files.size(),
          counts,
          unattributed,
          undocumented,
          byReason,
          quarantine.display(),
          Duration.between(started, Instant.now()));
    } finally {
      typed.values().forEach(Dataset::unpersist);
      parsed.unpersist();
    }
  }

  private static Column[] quarantineColumns() {
    return new Column[] {
      col(SOURCE_FILE), col(SOURCE_LINE), col(TABLE), col(REASON), col(DETAIL), col(RAW_TEXT)
    };
  }

  private static void requireWithinThreshold(
      long read, long bad, double maxFraction, TableRef quarantine, Map<String, Long> byReason) {
    if (read > 0 && (double) bad / read > maxFraction) {
      throw new IngestException(
          String.format(
              "%d of %d records (%.2f%%) were quarantined, more than ingest.max-bad-fraction = %s; the lake and the "
                  + "manifest are unchanged, the records are in the quarantine table %s (by reason: %s); fix the export "
                  + "or raise ingest.max-bad-fraction, then run again",
              bad, read, 100.0 * bad / read, maxFraction, quarantine.display(), byReason));
    }
  }

  // Small aggregates: one row per reason, one per undocumented column name.
  private static Map<String, Long> byReason(Dataset<Row> quarantined) {
    return columnCounts(quarantined.groupBy(REASON).count().orderBy(REASON));
  }

  private static Map<String, Long> columnCounts(Dataset<Row> keyAndCount) {
    Map<String, Long> out = new TreeMap<>();
    for (Row r : keyAndCount.collectAsList()) {
      out.put(r.getString(0), r.getLong(1));
    }
    return out;
  }
}
