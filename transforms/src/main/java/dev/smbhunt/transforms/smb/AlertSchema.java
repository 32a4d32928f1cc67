package dev.smbhunt.transforms.smb;

import dev.smbhunt.transforms.schema.Schemas;
import org.apache.spark.sql.types.StructType;

/**
 * The alerts table's columns, declared once: the rule's identity and reason, the KQL result row
 * (the network event's columns, then the child process's, with KQL's join suffixes), the entities,
 * the partition date and {@link AlertColumns#DETECTED_AT}. Every column is nullable: a column
 * absent from one lake is null there. A test holds {@link HuntStages#alerts()} to it, so a change
 * to a stage that changes the table is seen.
 */
public final class AlertSchema {
  public static final StructType TABLE =
      Schemas.nullable(
          StructType.fromDDL(
              "AlertId STRING, RuleId STRING, RuleName STRING, RuleVersion STRING, Severity STRING, "
                  + "Tactics ARRAY<STRING>, Techniques ARRAY<STRING>, WindowStart TIMESTAMP, WindowEnd TIMESTAMP, "
                  + "DetectionReason STRING, Sha1PairCount BIGINT, TimestampNetworkAct TIMESTAMP, DeviceId STRING, "
                  + "DeviceName STRING, ActionType STRING, RemoteIP STRING, RemotePort INT, RemoteUrl STRING, "
                  + "LocalIP STRING, LocalPort INT, Protocol STRING, LocalIPType STRING, RemoteIPType STRING, "
                  + "InitiatingProcessSHA1 STRING, InitiatingProcessSHA256 STRING, InitiatingProcessMD5 STRING, "
                  + "InitiatingProcessFileName STRING, InitiatingProcessFileSize BIGINT, "
                  + "InitiatingProcessVersionInfoCompanyName STRING, InitiatingProcessVersionInfoProductName STRING, "
                  + "InitiatingProcessVersionInfoProductVersion STRING, "
                  + "InitiatingProcessVersionInfoInternalFileName STRING, "
                  + "InitiatingProcessVersionInfoOriginalFileName STRING, "
                  + "InitiatingProcessVersionInfoFileDescription STRING, InitiatingProcessId BIGINT, "
                  + "InitiatingProcessCommandLine STRING, InitiatingProcessCreationTime TIMESTAMP, "
                  + "InitiatingProcessFolderPath STRING, InitiatingProcessParentFileName STRING, "
                  + "InitiatingProcessParentId BIGINT, InitiatingProcessParentCreationTime TIMESTAMP, "
                  + "InitiatingProcessAccountDomain STRING, InitiatingProcessAccountName STRING, "
                  + "InitiatingProcessAccountSid STRING, InitiatingProcessAccountUpn STRING, "
                  + "InitiatingProcessAccountObjectId STRING, InitiatingProcessIntegrityLevel STRING, "
                  + "InitiatingProcessTokenElevation STRING, ReportId BIGINT, AppGuardContainerId STRING, "
                  + "AdditionalFields STRING, InitiatingProcessSessionId BIGINT, "
                  + "IsInitiatingProcessRemoteSession BOOLEAN, InitiatingProcessRemoteSessionDeviceName STRING, "
                  + "InitiatingProcessRemoteSessionIP STRING, TimestampChild TIMESTAMP, DeviceId1 STRING, "
                  + "DeviceName1 STRING, FileName STRING, ProcessCommandLine STRING, SHA1 STRING, "
                  + "InitiatingProcessFileName1 STRING, InitiatingProcessCommandLine1 STRING, "
                  + "InitiatingProcessSHA11 STRING, InitiatingProcessId1 BIGINT, TimestampServicesExe TIMESTAMP, "
                  + "ProcessReportId BIGINT, Entities ARRAY<STRUCT<EntityType: STRING, Fields: MAP<STRING, STRING>>>, "
                  + "AlertDate DATE, DetectedAt TIMESTAMP"));

  private AlertSchema() {}
}
