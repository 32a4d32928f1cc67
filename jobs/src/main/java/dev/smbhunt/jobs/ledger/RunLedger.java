package dev.smbhunt.jobs.ledger;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.smbhunt.jobs.config.Section;
import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.lake.TimeRange;
import dev.smbhunt.jobs.rule.RuleTemplate;
import dev.smbhunt.jobs.storage.DeltaTables;
import dev.smbhunt.jobs.storage.TableRef;
import dev.smbhunt.transforms.smb.RuleMetadata;
import dev.smbhunt.transforms.smb.RuleParams;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

/**
 * The Delta run ledger: one appended row per chunk, after its alerts are merged. Appends never
 * conflict in Delta, so concurrent runs can share it. A chunk whose MERGE committed but whose
 * ledger row did not (a kill in between) is simply run again on resume; the insert-only MERGE then
 * adds nothing.
 */
public final class RunLedger {
  private static final StructType SCHEMA =
      new StructType()
          .add("RunId", DataTypes.StringType)
          .add("Trigger", DataTypes.StringType)
          .add("Mode", DataTypes.StringType)
          .add("ParamHash", DataTypes.StringType)
          .add("RangeFrom", DataTypes.TimestampType)
          .add("RangeTo", DataTypes.TimestampType)
          .add("Status", DataTypes.StringType)
          .add("StartedAt", DataTypes.TimestampType)
          .add("EndedAt", DataTypes.TimestampType)
          .add("RowsRead", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType))
          .add("RowsPerStage", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType))
          .add("AlertsNew", DataTypes.LongType)
          .add("AlertsTotal", DataTypes.LongType)
          .add("InputVersions", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType))
          .add("Error", DataTypes.StringType)
          .add("Warnings", DataTypes.createArrayType(DataTypes.StringType));

  private final SparkSession spark;
  private final TableRef table;

  public RunLedger(SparkSession spark, TableRef table) {
    this.spark = spark;
    this.table = table;
  }

  public TableRef table() {
    return table;
  }

  /** The ledger's columns, for creating it where an output location is checked. */
  public static StructType schema() {
    return SCHEMA;
  }

  public void append(LedgerEntry e) {
    Row row =
        RowFactory.create(
            e.runId(),
            e.trigger(),
            e.mode(),
            e.paramHash(),
            Timestamp.from(e.range().from()),
            Timestamp.from(e.range().to()),
            e.status(),
            Timestamp.from(e.startedAt()),
            Timestamp.from(e.endedAt()),
            scalaMap(e.rowsRead()),
            scalaMap(e.rowsPerStage()),
            e.alertsNew(),
            e.alertsTotal(),
            scalaMap(e.inputVersions()),
            e.error(),
            JavaConverters.asScalaBuffer(e.warnings()).toList());
    Dataset<Row> rows = spark.createDataFrame(List.of(row), SCHEMA);
    if (table instanceof TableRef.At at) {
      // mergeSchema: a ledger written before the Warnings column gains it on its next append.
      rows.write()
          .format("delta")
          .mode("append")
          .option("mergeSchema", "true")
          .save(at.location().uri());
    } else {
      DeltaTables.createIfAbsent(spark, table, SCHEMA).execute();
      rows.write()
          .format("delta")
          .mode("append")
          .option("mergeSchema", "true")
          .saveAsTable(((TableRef.Named) table).name());
    }
  }

  /**
   * The committed chunks of this mode and parameter hash (a ledger holds a few rows per day:
   * small).
   */
  public List<LedgerEntry> committed(String mode, String paramHash) {
    if (!DeltaTables.exists(spark, table)) {
      return List.of();
    }
    Dataset<Row> rows =
        DeltaTables.read(spark, table)
            .filter(
                col("Status")
                    .equalTo(lit(LedgerEntry.COMMITTED))
                    .and(col("Mode").equalTo(lit(mode)))
                    .and(col("ParamHash").equalTo(lit(paramHash))));
    List<LedgerEntry> entries = new ArrayList<>();
    for (Row r : rows.collectAsList()) {
      int warnings = java.util.Arrays.asList(r.schema().fieldNames()).indexOf("Warnings");
      entries.add(
          new LedgerEntry(
              r.getAs("RunId"),
              r.getAs("Trigger"),
              r.getAs("Mode"),
              r.getAs("ParamHash"),
              new TimeRange(instant(r, "RangeFrom"), instant(r, "RangeTo")),
              r.getAs("Status"),
              instant(r, "StartedAt"),
              instant(r, "EndedAt"),
              r.getJavaMap(r.fieldIndex("RowsRead")),
              r.getJavaMap(r.fieldIndex("RowsPerStage")),
              r.<Long>getAs("AlertsNew"),
              r.<Long>getAs("AlertsTotal"),
              r.getJavaMap(r.fieldIndex("InputVersions")),
              r.getAs("Error"),
              // A ledger from before the Warnings column has none.
              warnings < 0 || r.isNullAt(warnings) ? List.of() : r.getList(warnings)));
    }
    return entries;
  }

  /** All rows, for inspection. */
  public Dataset<Row> read() {
    return DeltaTables.read(spark, table);
  }

  /** The end of the latest committed chunk: scheduled runs continue from here. */
  public static Optional<java.time.Instant> watermark(List<LedgerEntry> committed) {
    return committed.stream().map(e -> e.range().to()).max(java.time.Instant::compareTo);
  }

  /**
   * The identity a run's chunks are filed under ({@code ParamHash}): a hash of what decides its
   * alerts, the rule's parameters, the template's id and version, the mode and, in continuous mode,
   * its scopes. Nothing else: a new settings key, another chunk size or the template file moved
   * elsewhere keep the identity, and so the ledger's history.
   */
  public static String identity(Settings.Rule rule) {
    RuleMetadata template = RuleTemplate.load(rule.template()).metadata();
    RuleParams p = rule.params();
    StringBuilder canonical =
        new StringBuilder("smb-hunt run identity 1")
            .append("\ntemplate=")
            .append(template.id())
            .append('@')
            .append(template.version())
            .append("\nmode=")
            .append(rule.mode().configName())
            .append("\nservicesProcess=")
            .append(p.servicesProcess())
            .append("\ninboundActionType=")
            .append(p.inboundActionType())
            .append("\nwindowSeconds=")
            .append(p.windowSeconds())
            .append("\nchildDelaySeconds=")
            .append(p.minChildDelaySeconds())
            .append("..")
            .append(p.maxChildDelaySeconds())
            .append("\nbootGraceSeconds=")
            .append(p.bootGraceSeconds())
            .append("\nprevalenceThreshold=")
            .append(p.prevalenceThreshold())
            .append("\nexcludedCommandLine=")
            .append(p.excludedCommandLine())
            .append("\nlolbins=")
            .append(String.join("\u0000", p.lolbins()));
    if (rule.continuousMode()) {
      Settings.Continuous c = rule.continuous();
      canonical
          .append("\ncontinuous=")
          .append(Section.configName(c.prevalenceScope()))
          .append(',')
          .append(c.lookback())
          .append(',')
          .append(Section.configName(c.certificateScope()))
          .append(',')
          .append(c.historyStart());
    }
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256")
              .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static java.time.Instant instant(Row r, String column) {
    return r.<Timestamp>getAs(column).toInstant();
  }

  private static <K, V> scala.collection.Map<K, V> scalaMap(Map<K, V> m) {
    return JavaConverters.mapAsScalaMapConverter(m).asScala();
  }
}
