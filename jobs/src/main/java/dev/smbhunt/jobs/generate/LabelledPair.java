package dev.smbhunt.jobs.generate;

/**
 * A (connection, child) pair and what the rule must do with it: one ground-truth row once ReportIds
 * are assigned.
 *
 * @param expectedReason the alert's DetectionReason, null when no alert is expected
 * @param trap the semantic point of docs/semantics.md the pair exercises
 */
record LabelledPair(
    String caseId,
    String description,
    String trap,
    boolean expectedAlert,
    String expectedReason,
    NetworkEvent connection,
    ProcessEvent child) {

  LabelledPair {
    if (expectedAlert != (expectedReason != null)) {
      throw new IllegalArgumentException(
          caseId + ": an expected alert needs a reason, and only it");
    }
  }
}
