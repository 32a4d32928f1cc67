package dev.smbhunt.jobs.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.config.SettingsLoader;
import dev.smbhunt.jobs.detect.ChunkedDetect;
import dev.smbhunt.jobs.generate.GenerateSettings;
import dev.smbhunt.jobs.generate.GenerationReport;
import dev.smbhunt.jobs.generate.GeneratorOptions;
import dev.smbhunt.jobs.generate.LakeFormat;
import dev.smbhunt.jobs.generate.LakeGenerator;
import dev.smbhunt.jobs.lake.TimeRange;
import dev.smbhunt.jobs.sink.AlertsTable;
import dev.smbhunt.jobs.storage.Location;
import dev.smbhunt.transforms.testing.TestSpark;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lake on HDFS: an in-JVM NameNode and DataNode (Hadoop's minicluster, the version Spark ships)
 * on 127.0.0.1; the generator writes the lake to {@code hdfs://}, and detect reads it there and
 * writes its alerts and ledger there, finding exactly the generator's expected alerts.
 */
class HdfsLakeTest {
  private static final SparkSession spark = TestSpark.session();
  @TempDir static Path dir;
  private static MiniDFSCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
    // Every server socket on loopback, on a port the OS picks.
    for (String key :
        List.of(
            "dfs.namenode.http-address",
            "dfs.namenode.secondary.http-address",
            "dfs.datanode.address",
            "dfs.datanode.http.address",
            "dfs.datanode.ipc.address")) {
      conf.set(key, "127.0.0.1:0");
    }
    conf.set("dfs.namenode.rpc-bind-host", "127.0.0.1");
    conf.set("dfs.namenode.servicerpc-bind-host", "127.0.0.1");
    conf.set("dfs.namenode.http-bind-host", "127.0.0.1");
    cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).nameNodePort(0).build();
    cluster.waitActive();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.shutdown();
    }
  }

  @Test
  void detectOverAnHdfsLakeFindsTheExpectedAlerts() {
    String root = "hdfs://127.0.0.1:" + cluster.getNameNodePort();
    Settings defaults = SettingsLoader.load(null, List.of());
    GeneratorOptions options =
        GeneratorOptions.from(GenerateSettings.from(defaults))
            .withDevices(4)
            .withDays(1)
            .withFormat(LakeFormat.DELTA);
    GenerationReport report = LakeGenerator.generate(spark, Location.of(root + "/mde"), options);
    TimeRange day =
        new TimeRange(
            options.startDate().atStartOfDay(ZoneOffset.UTC).toInstant(),
            options.startDate().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());

    Settings s = defaults.withLakeRoot(root + "/mde").withOutput(root + "/hunt");
    ChunkedDetect.Summary summary =
        ChunkedDetect.run(spark, s, day, ChunkedDetect.Options.backfill(false, null));
    assertEquals(report.expectedAlerts(), summary.alertsNew(), summary.render());
    assertEquals(report.expectedAlerts(), AlertsTable.read(spark, s.alertsRef()).count());
    assertEquals(1, ChunkedDetect.ledger(spark, s).read().count(), "the ledger is on HDFS too");
  }
}
