package dev.smbhunt.jobs.generate;

import dev.smbhunt.jobs.storage.Location;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The ground-truth table of a generated lake: one row per labelled (connection, child) pair,
 * planted or background. Every result row the rule produces on the lake is a row here with {@code
 * ExpectedAlert} true, and the other rows are pairs the rule must not report.
 */
public final class GroundTruth {
  /**
   * Beside the tables, in {@code <out>/_ground_truth/}; the leading underscore hides it from
   * partition discovery.
   */
  public static final String DIRECTORY = "_ground_truth";

  public static final String SUMMARY_FILE = "_ground_truth.md";

  /** Background case ids start with this; planted ones never do. */
  public static final String BACKGROUND_PREFIX = "background-";

  public static final String CASE_ID = "CaseId";
  public static final String DESCRIPTION = "Description";
  public static final String DEVICE_ID = "DeviceId";
  public static final String NETWORK_REPORT_ID = "NetworkReportId";
  public static final String PROCESS_REPORT_ID = "ProcessReportId";
  public static final String EXPECTED_ALERT = "ExpectedAlert";

  /** The expected {@code DetectionReason} (see AlertColumns), null when no alert is expected. */
  public static final String EXPECTED_REASON = "ExpectedReason";

  public static final String TRAP = "Trap";
  public static final String DEVICE_NAME = "DeviceName";
  public static final String TIMESTAMP_NETWORK_ACT = "TimestampNetworkAct";
  public static final String TIMESTAMP_CHILD = "TimestampChild";
  public static final String FILE_NAME = "FileName";

  private static final StructType SCHEMA =
      new StructType()
          .add(CASE_ID, DataTypes.StringType, false)
          .add(DESCRIPTION, DataTypes.StringType, false)
          .add(DEVICE_ID, DataTypes.StringType, false)
          .add(NETWORK_REPORT_ID, DataTypes.LongType, false)
          .add(PROCESS_REPORT_ID, DataTypes.LongType, false)
          .add(EXPECTED_ALERT, DataTypes.BooleanType, false)
          .add(EXPECTED_REASON, DataTypes.StringType, true)
          .add(TRAP, DataTypes.StringType, false)
          .add(DEVICE_NAME, DataTypes.StringType, false)
          .add(TIMESTAMP_NETWORK_ACT, DataTypes.TimestampType, false)
          .add(TIMESTAMP_CHILD, DataTypes.TimestampType, false)
          .add(FILE_NAME, DataTypes.StringType, true);

  private GroundTruth() {}

  public static StructType schema() {
    return SCHEMA;
  }

  /** Rows of {@link #row}, as a Dataset of {@link #schema}. */
  static Dataset<Row> fromRaw(SparkSession spark, JavaRDD<Row> rows) {
    return RowWriter.withTimestamps(
        spark.createDataFrame(rows, RowWriter.rawSchema(SCHEMA)), SCHEMA);
  }

  /** One ground-truth row, timestamps as epoch microseconds (see {@link RowWriter#rawSchema}). */
  static Row row(Device device, LabelledPair pair, long networkReportId, long processReportId) {
    return RowFactory.create(
        pair.caseId(),
        pair.description(),
        device.deviceId(),
        networkReportId,
        processReportId,
        pair.expectedAlert(),
        pair.expectedReason(),
        pair.trap(),
        device.deviceName(),
        pair.connection().timestamp(),
        pair.child().timestamp(),
        pair.child().process().image().fileName());
  }

  /**
   * Reads a ground-truth directory. Spark warns that it ignores a path whose name starts with an
   * underscore (it does read it); naming the files inside avoids the warning.
   */
  public static Dataset<Row> read(SparkSession spark, Location dir) {
    return spark.read().schema(SCHEMA).parquet(dir.uri() + "/*.parquet");
  }

  /** A single Parquet file: the table is small, and one file is easy to hand around. */
  static void write(Dataset<Row> truth, Location dir) {
    truth.coalesce(1).write().mode(SaveMode.Overwrite).parquet(dir.uri());
  }
}
