package dev.smbhunt.transforms.testing;

import dev.smbhunt.transforms.schema.MdeTable;
import dev.smbhunt.transforms.smb.HuntStages;
import dev.smbhunt.transforms.smb.SmbAdminSharesHunt;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/** Whole-hunt runs over rows built in a test, and the schemas that one stage hands to the next. */
public final class Stages {
  private static HuntStages emptyHunt;

  private Stages() {}

  public static HuntStages hunt(
      List<Map<String, Object>> network,
      List<Map<String, Object>> process,
      List<Map<String, Object>> certificates) {
    return SmbAdminSharesHunt.stages(
        Fixtures.table(MdeTable.DEVICE_NETWORK_EVENTS, network),
        Fixtures.table(MdeTable.DEVICE_PROCESS_EVENTS, process),
        Fixtures.table(MdeTable.DEVICE_FILE_CERTIFICATE_INFO, certificates),
        TemplateRule.params(),
        TemplateRule.metadata());
  }

  /** The schema of a stage's output, from a run over empty tables: what the next stage receives. */
  public static StructType schemaOf(Function<HuntStages, Dataset<Row>> stage) {
    return stage.apply(emptyHunt()).schema();
  }

  // Analysing the whole plan takes about a second, so it is done once per JVM.
  private static synchronized HuntStages emptyHunt() {
    if (emptyHunt == null) {
      emptyHunt = hunt(List.of(), List.of(), List.of());
    }
    return emptyHunt;
  }
}
