package dev.smbhunt.transforms.schema;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The three MDE advanced-hunting tables the rule reads: their documented columns in documented
 * order (docs/lake-contract.md, columns) and the subset the rule cannot run without.
 */
public enum MdeTable {
  DEVICE_NETWORK_EVENTS(
      "DeviceNetworkEvents",
      schema(
          f("Timestamp", TimestampType),
          f("DeviceId", StringType),
          f("DeviceName", StringType),
          f("ActionType", StringType),
          f("RemoteIP", StringType),
          f("RemotePort", IntegerType),
          f("RemoteUrl", StringType),
          f("LocalIP", StringType),
          f("LocalPort", IntegerType),
          f("Protocol", StringType),
          f("LocalIPType", StringType),
          f("RemoteIPType", StringType),
          f("InitiatingProcessSHA1", StringType),
          f("InitiatingProcessSHA256", StringType),
          f("InitiatingProcessMD5", StringType),
          f("InitiatingProcessFileName", StringType),
          f("InitiatingProcessFileSize", LongType),
          f("InitiatingProcessVersionInfoCompanyName", StringType),
          f("InitiatingProcessVersionInfoProductName", StringType),
          f("InitiatingProcessVersionInfoProductVersion", StringType),
          f("InitiatingProcessVersionInfoInternalFileName", StringType),
          f("InitiatingProcessVersionInfoOriginalFileName", StringType),
          f("InitiatingProcessVersionInfoFileDescription", StringType),
          f("InitiatingProcessId", LongType),
          f("InitiatingProcessCommandLine", StringType),
          f("InitiatingProcessCreationTime", TimestampType),
          f("InitiatingProcessFolderPath", StringType),
          f("InitiatingProcessParentFileName", StringType),
          f("InitiatingProcessParentId", LongType),
          f("InitiatingProcessParentCreationTime", TimestampType),
          f("InitiatingProcessAccountDomain", StringType),
          f("InitiatingProcessAccountName", StringType),
          f("InitiatingProcessAccountSid", StringType),
          f("InitiatingProcessAccountUpn", StringType),
          f("InitiatingProcessAccountObjectId", StringType),
          f("InitiatingProcessIntegrityLevel", StringType),
          f("InitiatingProcessTokenElevation", StringType),
          f("ReportId", LongType),
          f("AppGuardContainerId", StringType),
          f("AdditionalFields", StringType),
          f("InitiatingProcessSessionId", LongType),
          f("IsInitiatingProcessRemoteSession", BooleanType),
          f("InitiatingProcessRemoteSessionDeviceName", StringType),
          f("InitiatingProcessRemoteSessionIP", StringType)),
      // Filters (ActionType, InitiatingProcessFileName), join keys (DeviceId, InitiatingProcessId),
      // window.
      List.of(
          "Timestamp",
          "DeviceId",
          "ActionType",
          "InitiatingProcessFileName",
          "InitiatingProcessId")),

  DEVICE_PROCESS_EVENTS(
      "DeviceProcessEvents",
      schema(
          f("Timestamp", TimestampType),
          f("DeviceId", StringType),
          f("DeviceName", StringType),
          f("ActionType", StringType),
          f("FileName", StringType),
          f("FolderPath", StringType),
          f("SHA1", StringType),
          f("SHA256", StringType),
          f("MD5", StringType),
          f("FileSize", LongType),
          f("ProcessVersionInfoCompanyName", StringType),
          f("ProcessVersionInfoProductName", StringType),
          f("ProcessVersionInfoProductVersion", StringType),
          f("ProcessVersionInfoInternalFileName", StringType),
          f("ProcessVersionInfoOriginalFileName", StringType),
          f("ProcessVersionInfoFileDescription", StringType),
          f("ProcessId", LongType),
          f("ProcessCommandLine", StringType),
          f("ProcessIntegrityLevel", StringType),
          f("ProcessTokenElevation", StringType),
          f("ProcessCreationTime", TimestampType),
          f("AccountDomain", StringType),
          f("AccountName", StringType),
          f("AccountSid", StringType),
          f("AccountUpn", StringType),
          f("AccountObjectId", StringType),
          f("LogonId", LongType),
          f("InitiatingProcessAccountDomain", StringType),
          f("InitiatingProcessAccountName", StringType),
          f("InitiatingProcessAccountSid", StringType),
          f("InitiatingProcessAccountUpn", StringType),
          f("InitiatingProcessAccountObjectId", StringType),
          f("InitiatingProcessLogonId", LongType),
          f("InitiatingProcessIntegrityLevel", StringType),
          f("InitiatingProcessTokenElevation", StringType),
          f("InitiatingProcessSHA1", StringType),
          f("InitiatingProcessSHA256", StringType),
          f("InitiatingProcessMD5", StringType),
          f("InitiatingProcessFileName", StringType),
          f("InitiatingProcessFileSize", LongType),
          f("InitiatingProcessVersionInfoCompanyName", StringType),
          f("InitiatingProcessVersionInfoProductName", StringType),
          f("InitiatingProcessVersionInfoProductVersion", StringType),
          f("InitiatingProcessVersionInfoInternalFileName", StringType),
          f("InitiatingProcessVersionInfoOriginalFileName", StringType),
          f("InitiatingProcessVersionInfoFileDescription", StringType),
          f("InitiatingProcessId", LongType),
          f("InitiatingProcessCommandLine", StringType),
          f("InitiatingProcessCreationTime", TimestampType),
          f("InitiatingProcessFolderPath", StringType),
          f("InitiatingProcessParentId", LongType),
          f("InitiatingProcessParentFileName", StringType),
          f("InitiatingProcessParentCreationTime", TimestampType),
          f("InitiatingProcessSignerType", StringType),
          f("InitiatingProcessSignatureStatus", StringType),
          f("ReportId", LongType),
          f("AppGuardContainerId", StringType),
          f("AdditionalFields", StringType)),
      // Read by the rule's logic; the other projected columns are output only and may be absent.
      List.of(
          "Timestamp",
          "DeviceId",
          "FileName",
          "ProcessCommandLine",
          "SHA1",
          "InitiatingProcessFileName",
          "InitiatingProcessId",
          "InitiatingProcessCreationTime")),

  DEVICE_FILE_CERTIFICATE_INFO(
      "DeviceFileCertificateInfo",
      schema(
          f("Timestamp", TimestampType),
          f("DeviceId", StringType),
          f("DeviceName", StringType),
          f("SHA1", StringType),
          f("IsSigned", BooleanType),
          f("SignatureType", StringType),
          f("Signer", StringType),
          f("SignerHash", StringType),
          f("Issuer", StringType),
          f("IssuerHash", StringType),
          f("CertificateSerialNumber", StringType),
          f("CrlDistributionPointUrls", StringType),
          f("CertificateCreationTime", TimestampType),
          f("CertificateExpirationTime", TimestampType),
          f("CertificateCountersignatureTime", TimestampType),
          f("IsTrusted", BooleanType),
          f("IsRootSignerMicrosoft", BooleanType),
          f("ReportId", LongType)),
      // The anti-join key and the window.
      List.of("Timestamp", "SHA1"));

  private final String tableName;
  private final StructType schema;
  private final List<String> requiredColumns;

  MdeTable(String tableName, StructType schema, List<String> requiredColumns) {
    this.tableName = tableName;
    this.schema = schema;
    this.requiredColumns = requiredColumns;
  }

  /** The table name as Microsoft spells it; also the lake folder name by default. */
  public String tableName() {
    return tableName;
  }

  /** Every documented column, typed, in documented order. */
  public StructType schema() {
    return schema;
  }

  public List<String> requiredColumns() {
    return requiredColumns;
  }

  public List<String> columnNames() {
    return Arrays.asList(schema.fieldNames());
  }

  public DataType typeOf(String column) {
    return schema.apply(column).dataType();
  }

  private static StructField f(String name, DataType type) {
    return new StructField(name, type, true, org.apache.spark.sql.types.Metadata.empty());
  }

  private static StructType schema(StructField... fields) {
    return new StructType(fields);
  }
}
