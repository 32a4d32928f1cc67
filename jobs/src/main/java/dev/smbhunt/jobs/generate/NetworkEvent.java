package dev.smbhunt.jobs.generate;

/** One DeviceNetworkEvents row before its ReportId is known. Ports are null where MDE has none. */
record NetworkEvent(
    long timestamp,
    String actionType,
    RunningProcess initiating,
    String localIp,
    Integer localPort,
    String remoteIp,
    Integer remotePort,
    String remoteUrl,
    String protocol,
    String additionalFields) {

  static final String INBOUND_CONNECTION_ACCEPTED = "InboundConnectionAccepted";
  static final String CONNECTION_SUCCESS = "ConnectionSuccess";
  static final String CONNECTION_FAILED = "ConnectionFailed";
  static final String CONNECTION_REQUEST = "ConnectionRequest";
  static final String LISTENING_CONNECTION_CREATED = "ListeningConnectionCreated";
}
