package dev.smbhunt.transforms.reference;

import dev.smbhunt.transforms.schema.InputContract;
import dev.smbhunt.transforms.schema.MdeTable;
import dev.smbhunt.transforms.smb.ContinuousScope;
import dev.smbhunt.transforms.smb.HuntStages;
import dev.smbhunt.transforms.smb.RuleMetadata;
import dev.smbhunt.transforms.smb.RuleParams;
import dev.smbhunt.transforms.smb.SmbAdminSharesHunt;
import dev.smbhunt.transforms.smb.StageObserver;
import dev.smbhunt.transforms.testing.TemplateRule;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Runs the Spark implementation over many cases at once, fed as the lake reader would feed it. */
final class SparkHunt {
  static final RuleMetadata RULE = TemplateRule.metadata();

  private SparkHunt() {}

  static HuntStages stages(SparkSession spark, List<DiffCase> cases, RuleParams params) {
    Dataset<Row>[] in = inputs(spark, cases);
    return SmbAdminSharesHunt.stages(in[0], in[1], in[2], params, RULE);
  }

  /** Continuous mode over all cases at once; {@code scope} owns every case's range. */
  static HuntStages continuousStages(
      SparkSession spark, List<DiffCase> cases, RuleParams params, ContinuousScope scope) {
    Dataset<Row>[] in = inputs(spark, cases);
    return SmbAdminSharesHunt.continuousStages(
        in[0], in[1], in[2], params, RULE, scope, StageObserver.NONE);
  }

  /** The three tables of all cases, conformed: network, process, certificates. */
  @SuppressWarnings("unchecked")
  private static Dataset<Row>[] inputs(SparkSession spark, List<DiffCase> cases) {
    List<List<Object>> network = new ArrayList<>();
    List<List<Object>> process = new ArrayList<>();
    List<List<Object>> certificates = new ArrayList<>();
    for (DiffCase c : cases) {
      c.network().forEach(e -> network.add(e.values()));
      c.process().forEach(e -> process.add(e.values()));
      c.certificates().forEach(e -> certificates.add(e.values()));
    }
    return new Dataset[] {
      conformed(spark, MdeTable.DEVICE_NETWORK_EVENTS, NetworkEvent.COLUMNS, network),
      conformed(spark, MdeTable.DEVICE_PROCESS_EVENTS, ProcessEvent.COLUMNS, process),
      conformed(spark, MdeTable.DEVICE_FILE_CERTIFICATE_INFO, CertificateInfo.COLUMNS, certificates)
    };
  }

  /** Rows back as plain values, times as {@link Instant} like the reference's. */
  static List<List<Object>> collect(Dataset<Row> result) {
    List<List<Object>> rows = new ArrayList<>();
    for (Row row : result.collectAsList()) {
      List<Object> values = new ArrayList<>(row.size());
      for (int i = 0; i < row.size(); i++) {
        Object v = row.get(i);
        values.add(v instanceof Timestamp t ? t.toInstant() : v);
      }
      rows.add(values);
    }
    return rows;
  }

  /**
   * Only the modelled columns, typed as the documented schema types them, so every other documented
   * column is absent and the contract adds it as a typed null, as it does for a lake that lacks it.
   */
  private static Dataset<Row> conformed(
      SparkSession spark, MdeTable table, List<String> columns, List<List<Object>> rows) {
    StructField[] fields = new StructField[columns.size()];
    for (int i = 0; i < fields.length; i++) {
      fields[i] =
          new StructField(columns.get(i), table.typeOf(columns.get(i)), true, Metadata.empty());
    }
    List<Row> sparkRows = new ArrayList<>();
    for (List<Object> values : rows) {
      Object[] converted = new Object[values.size()];
      for (int i = 0; i < converted.length; i++) {
        Object v = values.get(i);
        converted[i] = v instanceof Instant t ? Timestamp.from(t) : v;
      }
      sparkRows.add(RowFactory.create(converted));
    }
    // An RDD rather than a local list: a LocalRelation of thousands of rows makes every analysis
    // and optimizer pass over the self-joining plan copy and compare the data, which dominates the
    // runtime.
    JavaRDD<Row> rdd =
        JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(sparkRows, 2);
    return InputContract.conform(table, spark.createDataFrame(rdd, new StructType(fields)));
  }
}
