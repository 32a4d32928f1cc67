package dev.smbhunt.transforms.reference;

import dev.smbhunt.transforms.smb.RuleParams;
import java.time.Instant;
import java.util.List;

/**
 * One test case: three small tables whose timestamps all lie in {@code [rangeStart, rangeEnd)}.
 * Cases of one batch have disjoint ranges, so Sentinel's per-window runs of different cases never
 * meet.
 *
 * @param label how to find the case again: the random generator's index and seed, or a scenario
 *     name
 */
public record DiffCase(
    String label,
    Instant rangeStart,
    Instant rangeEnd,
    List<NetworkEvent> network,
    List<ProcessEvent> process,
    List<CertificateInfo> certificates) {

  public DiffCase {
    network = List.copyOf(network);
    process = List.copyOf(process);
    certificates = List.copyOf(certificates);
  }

  public List<WindowRun> referenceRuns(RuleParams params) {
    return KqlReference.run(network, process, certificates, rangeStart, rangeEnd, params);
  }

  public List<List<Object>> referenceResults(RuleParams params) {
    return KqlReference.results(network, process, certificates, rangeStart, rangeEnd, params);
  }

  public int inputRows() {
    return network.size() + process.size() + certificates.size();
  }
}
