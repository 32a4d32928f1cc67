package dev.smbhunt.transforms.reference;

import static dev.smbhunt.transforms.reference.KqlReference.datetimeDiffSeconds;
import static dev.smbhunt.transforms.reference.KqlReference.epochMicros;
import static dev.smbhunt.transforms.reference.KqlReference.inIgnoreCase;
import static dev.smbhunt.transforms.reference.KqlReference.instant;
import static dev.smbhunt.transforms.reference.KqlReference.notEqualsIgnoreCase;
import static dev.smbhunt.transforms.reference.KqlReference.string;

import dev.smbhunt.transforms.smb.ContinuousScope;
import dev.smbhunt.transforms.smb.RuleParams;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Continuous mode, literally: the query's steps over whole tables (no window cut, so pairs cross
 * window boundaries), then each pair owned by the run rated on its own by nested loops over every
 * pair and every certificate row, under the scope's definition.
 */
final class ContinuousReference {
  private ContinuousReference() {}

  /**
   * @param certificates every certificate row the scope may see (for {@code HISTORY}, all of
   *     history)
   * @return the owned result rows, each as values in {@link KqlReference#RESULT_COLUMNS} order
   */
  static List<List<Object>> results(
      List<NetworkEvent> network,
      List<ProcessEvent> process,
      List<CertificateInfo> certificates,
      RuleParams params,
      ContinuousScope scope) {
    List<Map<String, Object>> certificateRows =
        KqlReference.loaded(network, process, certificates, 2);
    // The query's first three steps on uncut tables: the join then sees across every boundary.
    WindowRun whole =
        KqlReference.runOneWindow(
            scope.from(),
            KqlReference.loaded(network, process, certificates, 0),
            KqlReference.loaded(network, process, certificates, 1),
            certificateRows,
            params);
    List<Map<String, Object>> allPairs = whole.serviceNetworkEvents();

    List<List<Object>> rows = new ArrayList<>();
    for (Map<String, Object> pair : allPairs) {
      Instant connection = instant(pair, "TimestampNetworkAct");
      if (connection.isBefore(scope.from()) || !connection.isBefore(scope.to())) {
        continue;
      }
      String sha1 = string(pair, "SHA1");
      long count = 0;
      for (Map<String, Object> other : allPairs) {
        if (string(other, "SHA1").equals(sha1)
            && samePrevalencePeriod(
                connection, instant(other, "TimestampNetworkAct"), params, scope)) {
          count++;
        }
      }
      boolean certified = false;
      for (Map<String, Object> certificate : certificateRows) {
        Instant t = instant(certificate, "Timestamp");
        if (t != null
            && string(certificate, "SHA1").equals(sha1)
            && certificateCounts(connection, t, params, scope)) {
          certified = true;
        }
      }
      boolean rare = !certified && count < params.prevalenceThreshold();
      boolean lolbin = inIgnoreCase(string(pair, "FileName"), params.lolbins());
      if (!(rare || lolbin)) {
        continue;
      }
      if (!notEqualsIgnoreCase(string(pair, "ProcessCommandLine"), params.excludedCommandLine())) {
        continue;
      }
      List<Object> values = new ArrayList<>();
      for (String column : KqlReference.RESULT_COLUMNS) {
        values.add(pair.get(column));
      }
      rows.add(values);
    }
    return rows;
  }

  /**
   * Whether a pair whose connection is at {@code other} counts towards the pair at {@code
   * connection}.
   */
  private static boolean samePrevalencePeriod(
      Instant connection, Instant other, RuleParams params, ContinuousScope scope) {
    if (scope.prevalence() == ContinuousScope.PrevalenceScope.WINDOW) {
      return window(connection, params) == window(other, params);
    }
    long lookbackMicros = scope.lookback().toNanos() / 1000;
    long delta = epochMicros(connection) - epochMicros(other);
    return delta >= 0 && delta < lookbackMicros;
  }

  private static boolean certificateCounts(
      Instant connection, Instant certificate, RuleParams params, ContinuousScope scope) {
    if (scope.certificates() == ContinuousScope.CertificateScope.WINDOW) {
      return window(connection, params) == window(certificate, params);
    }
    return !certificate.isAfter(connection);
  }

  private static long window(Instant t, RuleParams params) {
    return Math.floorDiv(datetimeDiffSeconds(t, Instant.EPOCH), params.windowSeconds());
  }
}
