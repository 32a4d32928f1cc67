package dev.smbhunt.jobs.generate;

import dev.smbhunt.transforms.schema.MdeTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;
import org.apache.spark.sql.Row;

/** Everything one device records, collected before ReportIds are assigned. */
final class DeviceLog {
  // A certificate check follows the file's first sighting in the hour by this much, never leaving
  // the hour.
  private static final long CERTIFICATE_CHECK_DELAY = 2 * Micros.SECOND;

  private final Device device;
  private final List<NetworkEvent> network = new ArrayList<>();
  private final List<ProcessEvent> processes = new ArrayList<>();
  private final List<CertificateEvent> certificates = new ArrayList<>();
  private final List<LabelledPair> pairs = new ArrayList<>();
  private final Set<String> checkedThisHour = new HashSet<>();

  DeviceLog(Device device) {
    this.device = device;
  }

  Device device() {
    return device;
  }

  NetworkEvent add(NetworkEvent e) {
    network.add(e);
    return e;
  }

  ProcessEvent add(ProcessEvent e) {
    processes.add(e);
    return e;
  }

  void label(LabelledPair pair) {
    pairs.add(pair);
  }

  /**
   * The device checks the signature of a file it saw run, at most once per hour per file. Because
   * the row lands in the same hour as the sighting, every hash the background runs is "certified"
   * in each hour it runs in: the rule's anti-join removes it.
   */
  void checkCertificate(Image image, long seenAt) {
    if (image.sha1() == null
        || !checkedThisHour.add(Micros.hourStart(seenAt) + "|" + image.sha1())) {
      return;
    }
    long hourEnd = Micros.hourStart(seenAt) + Micros.HOUR - 1;
    certificates.add(
        new CertificateEvent(Math.min(seenAt + CERTIFICATE_CHECK_DELAY, hourEnd), image));
  }

  /** A certificate row exactly where a case wants it, outside the once-per-hour bookkeeping. */
  void addCertificate(CertificateEvent e) {
    certificates.add(e);
  }

  /**
   * Assigns ReportIds (a per-device counter per table, in time order, as MDE's repeating counter)
   * and renders every row, ground truth included.
   */
  DeviceRows finish(long seed) {
    Map<Object, Long> ids = new IdentityHashMap<>();
    List<Row> networkRows = new ArrayList<>(network.size());
    long next = firstReportId(seed, MdeTable.DEVICE_NETWORK_EVENTS);
    for (NetworkEvent e : sorted(network, NetworkEvent::timestamp)) {
      ids.put(e, next);
      networkRows.add(RowWriter.network(device, e, next++));
    }
    List<Row> processRows = new ArrayList<>(processes.size());
    next = firstReportId(seed, MdeTable.DEVICE_PROCESS_EVENTS);
    for (ProcessEvent e : sorted(processes, ProcessEvent::timestamp)) {
      ids.put(e, next);
      processRows.add(RowWriter.process(device, e, next++));
    }
    List<Row> certificateRows = new ArrayList<>(certificates.size());
    next = firstReportId(seed, MdeTable.DEVICE_FILE_CERTIFICATE_INFO);
    for (CertificateEvent e : sorted(certificates, CertificateEvent::timestamp)) {
      certificateRows.add(RowWriter.certificate(device, e, next++));
    }
    List<Row> truth = new ArrayList<>(pairs.size());
    for (LabelledPair pair : pairs) {
      Long networkId = ids.get(pair.connection());
      Long processId = ids.get(pair.child());
      if (networkId == null || processId == null) {
        throw new IllegalStateException(pair.caseId() + ": a labelled event was never recorded");
      }
      truth.add(GroundTruth.row(device, pair, networkId, processId));
    }
    return new DeviceRows(networkRows, processRows, certificateRows, truth);
  }

  private long firstReportId(long seed, MdeTable table) {
    return 1_000L
        + Math.floorMod(
            Hashes.mix(seed ^ Hashes.mix(device.index() * 31L + table.ordinal())), 90_000L);
  }

  // A stable sort: events at the same instant keep the order they were recorded in.
  private static <T> List<T> sorted(List<T> events, ToLongFunction<T> time) {
    List<T> copy = new ArrayList<>(events);
    copy.sort(Comparator.comparingLong(time));
    return copy;
  }
}
