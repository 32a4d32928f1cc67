package dev.smbhunt.transforms.smb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.smbhunt.transforms.schema.MdeTable;
import dev.smbhunt.transforms.testing.Events;
import dev.smbhunt.transforms.testing.Fixtures;
import dev.smbhunt.transforms.testing.Stages;
import dev.smbhunt.transforms.testing.TemplateRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Stage 4, {@code serviceNetworkEventsWithSHA1}: {@code summarize count() by SHA1}, {@code join
 * kind=leftanti DeviceFileCertificateInfo on SHA1}, {@code where count_ < 100}, each per hour
 * window.
 */
class Sha1PrevalenceTest {
  private static final String DIR = "sha1-prevalence/";
  private static final String COUNTS = "WindowStart TIMESTAMP, SHA1 STRING, count_ BIGINT";

  @Test
  void countsPairsPerWindowAndExactSha1() {
    Dataset<Row> pairs = Fixtures.rows(DIR + "pairs.jsonl", Stages.schemaOf(HuntStages::pairs));
    Dataset<Row> counts = Sha1Prevalence.counts(pairs);
    assertEquals(List.of("WindowStart", "SHA1", "count_"), Arrays.asList(counts.columns()));
    Fixtures.assertRows(DIR + "expected-counts.jsonl", COUNTS, counts);
  }

  @Test
  void certifiedIsEveryHashWithAnyCertificateRowPerWindow() {
    Dataset<Row> certificates =
        Fixtures.table(MdeTable.DEVICE_FILE_CERTIFICATE_INFO, DIR + "certificates.jsonl");
    Fixtures.assertRows(
        DIR + "expected-certified.jsonl",
        "WindowStart TIMESTAMP, SHA1 STRING",
        Sha1Prevalence.certified(certificates, TemplateRule.params()));
  }

  @Test
  void rareIsUncertifiedInItsWindowAndBelowOneHundred() {
    Dataset<Row> certificates =
        Fixtures.table(MdeTable.DEVICE_FILE_CERTIFICATE_INFO, DIR + "certificates.jsonl");
    Dataset<Row> certified = Sha1Prevalence.certified(certificates, TemplateRule.params());
    Dataset<Row> rare =
        Sha1Prevalence.rare(
            Fixtures.rows(DIR + "counts.jsonl", COUNTS), certified, TemplateRule.params());
    Fixtures.assertRows(DIR + "expected-rare.jsonl", COUNTS, rare);
  }

  /**
   * Through the whole hunt: 9 connections x 11 children is 99 pairs (kept), 10 x 10 is 100 pairs
   * (dropped), though each hash belongs to only 10 or 11 processes.
   */
  @Test
  void thresholdCountsJoinedPairs() {
    List<Map<String, Object>> network = new ArrayList<>();
    List<Map<String, Object>> process = new ArrayList<>();
    addCrossProduct("dev-99", "sha-99-pairs", 9, 11, network, process);
    addCrossProduct("dev-100", "sha-100-pairs", 10, 10, network, process);
    HuntStages hunt = Stages.hunt(network, process, List.of());

    assertEquals(Map.of("sha-99-pairs", 99L, "sha-100-pairs", 100L), bySha1(hunt.sha1Counts()));
    assertEquals(Map.of("sha-99-pairs", 99L), bySha1(hunt.rareSha1s()));
    assertEquals(
        Map.of("sha-99-pairs", 99L),
        bySha1(hunt.results().groupBy("SHA1").count().withColumnRenamed("count", "count_")));
  }

  // All connections fall in second 10:00:00 and all children in seconds 1..6: every pair passes the
  // filters.
  private static void addCrossProduct(
      String device,
      String sha1,
      int connections,
      int children,
      List<Map<String, Object>> network,
      List<Map<String, Object>> process) {
    long base = device.hashCode() & 0xffffL;
    for (int i = 0; i < connections; i++) {
      network.add(
          Events.inbound(
              device, base * 1000 + i, String.format("2024-03-05T10:00:00.%03dZ", i * 10), 700));
    }
    for (int j = 0; j < children; j++) {
      String at = String.format("2024-03-05T10:00:%02d.%03dZ", 1 + j / 2, (j % 2) * 500);
      process.add(
          Events.serviceStart(
              device, base * 1000 + 500 + j, at, 700, "2024-03-05T08:00:00Z", "svc.exe", sha1));
    }
  }

  private static Map<String, Long> bySha1(Dataset<Row> counts) {
    Map<String, Long> m = new HashMap<>();
    for (Row r : counts.select("SHA1", "count_").collectAsList()) {
      m.put(r.getString(0), r.getLong(1));
    }
    return m;
  }
}
