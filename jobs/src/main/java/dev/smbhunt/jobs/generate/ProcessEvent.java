package dev.smbhunt.jobs.generate;

/** One DeviceProcessEvents row ({@code ProcessCreated}) before its ReportId is known. */
record ProcessEvent(long timestamp, RunningProcess process, RunningProcess initiating) {
  static final String PROCESS_CREATED = "ProcessCreated";
}
