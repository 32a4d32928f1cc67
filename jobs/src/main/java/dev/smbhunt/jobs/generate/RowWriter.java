package dev.smbhunt.jobs.generate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.timestamp_micros;

import dev.smbhunt.transforms.schema.MdeTable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Turns events into rows of the lake schema: every documented column of the MDE table, in
 * documented order and type ({@link MdeTable}), then the {@code date} partition column. A column
 * this generator has no value for is null, as the Streaming API writes a missing value.
 *
 * <p>Rows carry timestamps as epoch microseconds ({@link #rawSchema}); {@link #withTimestamps}
 * turns them into TimestampType. A Row holding java.sql.Timestamp would break on a session with
 * {@code spark.sql.datetime.java8API.enabled}, which expects Instant, and the reverse; a long fits
 * both.
 */
final class RowWriter {
  /** The hive partition column: the event's UTC day, {@code yyyy-MM-dd}. */
  static final String DATE_COLUMN = "date";

  private static final Map<MdeTable, StructType> SCHEMAS = new EnumMap<>(MdeTable.class);
  private static final Map<MdeTable, Map<String, Integer>> POSITIONS =
      new EnumMap<>(MdeTable.class);

  static {
    for (MdeTable table : MdeTable.values()) {
      StructType schema = table.schema().add(DATE_COLUMN, DataTypes.StringType, false);
      Map<String, Integer> positions = new HashMap<>();
      String[] names = schema.fieldNames();
      for (int i = 0; i < names.length; i++) {
        positions.put(names[i], i);
      }
      SCHEMAS.put(table, schema);
      POSITIONS.put(table, positions);
    }
  }

  private RowWriter() {}

  static StructType lakeSchema(MdeTable table) {
    return SCHEMAS.get(table);
  }

  /**
   * {@code schema} with every timestamp column as a long of epoch microseconds: the rows' own
   * layout.
   */
  static StructType rawSchema(StructType schema) {
    StructType raw = new StructType();
    for (StructField f : schema.fields()) {
      raw =
          raw.add(
              f.name(),
              f.dataType() instanceof TimestampType ? DataTypes.LongType : f.dataType(),
              f.nullable());
    }
    return raw;
  }

  /** Rows in {@link #rawSchema} as a Dataset of {@code schema}. */
  static Dataset<Row> withTimestamps(Dataset<Row> raw, StructType schema) {
    List<Column> columns = new ArrayList<>();
    for (StructField f : schema.fields()) {
      Column c = col(f.name());
      columns.add(f.dataType() instanceof TimestampType ? timestamp_micros(c).as(f.name()) : c);
    }
    return raw.select(columns.toArray(Column[]::new));
  }

  static Row network(Device device, NetworkEvent e, long reportId) {
    Values v = new Values(MdeTable.DEVICE_NETWORK_EVENTS, e.timestamp(), device);
    v.put("ActionType", e.actionType());
    v.put("RemoteIP", e.remoteIp());
    v.put("RemotePort", e.remotePort());
    v.put("RemoteUrl", e.remoteUrl());
    v.put("LocalIP", e.localIp());
    v.put("LocalPort", e.localPort());
    v.put("Protocol", e.protocol());
    v.put("LocalIPType", ipType(e.localIp()));
    v.put("RemoteIPType", ipType(e.remoteIp()));
    initiating(v, e.initiating());
    v.put("InitiatingProcessParentFileName", e.initiating().parentFileName());
    v.put("InitiatingProcessParentId", e.initiating().parentPid());
    v.put("InitiatingProcessParentCreationTime", e.initiating().parentCreationTime());
    v.put("InitiatingProcessSessionId", e.initiating().sessionId());
    v.put("IsInitiatingProcessRemoteSession", false);
    v.put("ReportId", reportId);
    v.put("AdditionalFields", e.additionalFields());
    return v.row();
  }

  static Row process(Device device, ProcessEvent e, long reportId) {
    Values v = new Values(MdeTable.DEVICE_PROCESS_EVENTS, e.timestamp(), device);
    RunningProcess p = e.process();
    Image image = p.image();
    v.put("ActionType", ProcessEvent.PROCESS_CREATED);
    v.put("FileName", image.fileName());
    v.put("FolderPath", image.folderPath());
    v.put("SHA1", image.sha1());
    v.put("SHA256", image.sha256());
    v.put("MD5", image.md5());
    v.put("FileSize", image.fileSize());
    v.put("ProcessVersionInfoCompanyName", image.company());
    v.put("ProcessVersionInfoProductName", image.product());
    v.put("ProcessVersionInfoProductVersion", image.version());
    v.put("ProcessVersionInfoInternalFileName", image.originalName());
    v.put("ProcessVersionInfoOriginalFileName", image.originalName());
    v.put("ProcessVersionInfoFileDescription", image.description());
    v.put("ProcessId", p.pid());
    v.put("ProcessCommandLine", p.commandLine());
    v.put("ProcessIntegrityLevel", p.integrityLevel());
    v.put("ProcessTokenElevation", p.tokenElevation());
    v.put("ProcessCreationTime", p.creationTime());
    v.put("AccountDomain", p.account().domain());
    v.put("AccountName", p.account().name());
    v.put("AccountSid", p.account().sid());
    v.put("AccountUpn", p.account().upn());
    v.put("AccountObjectId", p.account().objectId());
    v.put("LogonId", p.account().logonId());
    RunningProcess parent = e.initiating();
    initiating(v, parent);
    v.put("InitiatingProcessLogonId", parent.account().logonId());
    v.put("InitiatingProcessParentId", parent.parentPid());
    v.put("InitiatingProcessParentFileName", parent.parentFileName());
    v.put("InitiatingProcessParentCreationTime", parent.parentCreationTime());
    v.put(
        "InitiatingProcessSignerType",
        parent.image().isSigned() ? signerType(parent.image()) : null);
    v.put("InitiatingProcessSignatureStatus", parent.image().isSigned() ? "Valid" : null);
    v.put("ReportId", reportId);
    return v.row();
  }

  static Row certificate(Device device, CertificateEvent e, long reportId) {
    Values v = new Values(MdeTable.DEVICE_FILE_CERTIFICATE_INFO, e.timestamp(), device);
    Image image = e.image();
    Signer s = image.signer();
    v.put("SHA1", image.sha1());
    v.put("IsSigned", s != null);
    v.put("IsTrusted", s != null);
    v.put("IsRootSignerMicrosoft", s != null && s.rootSignerMicrosoft());
    if (s != null) {
      v.put("SignatureType", s.signatureType());
      v.put("Signer", s.name());
      v.put("SignerHash", s.signerHash());
      v.put("Issuer", s.issuer());
      v.put("IssuerHash", s.issuerHash());
      v.put("CertificateSerialNumber", s.serialNumber());
      v.put("CrlDistributionPointUrls", s.crlDistributionPointUrls());
      v.put("CertificateCreationTime", s.validFromMicros());
      v.put("CertificateExpirationTime", s.validToMicros());
      // Files are countersigned while the certificate is valid; the day follows from the file.
      long signedDay = Math.floorMod(Hashes.mix(image.sha1().hashCode()), 200L);
      v.put(
          "CertificateCountersignatureTime",
          s.validFromMicros() + signedDay * Micros.DAY + 12 * Micros.HOUR);
    }
    v.put("ReportId", reportId);
    return v.row();
  }

  private static void initiating(Values v, RunningProcess p) {
    Image image = p.image();
    v.put("InitiatingProcessSHA1", image.sha1());
    v.put("InitiatingProcessSHA256", image.sha256());
    v.put("InitiatingProcessMD5", image.md5());
    v.put("InitiatingProcessFileName", image.fileName());
    v.put("InitiatingProcessFileSize", image.fileSize());
    v.put("InitiatingProcessVersionInfoCompanyName", image.company());
    v.put("InitiatingProcessVersionInfoProductName", image.product());
    v.put("InitiatingProcessVersionInfoProductVersion", image.version());
    v.put("InitiatingProcessVersionInfoInternalFileName", image.originalName());
    v.put("InitiatingProcessVersionInfoOriginalFileName", image.originalName());
    v.put("InitiatingProcessVersionInfoFileDescription", image.description());
    v.put("InitiatingProcessId", p.pid());
    v.put("InitiatingProcessCommandLine", p.commandLine());
    v.put("InitiatingProcessCreationTime", p.creationTime());
    v.put("InitiatingProcessFolderPath", image.folderPath());
    v.put("InitiatingProcessAccountDomain", p.account().domain());
    v.put("InitiatingProcessAccountName", p.account().name());
    v.put("InitiatingProcessAccountSid", p.account().sid());
    v.put("InitiatingProcessAccountUpn", p.account().upn());
    v.put("InitiatingProcessAccountObjectId", p.account().objectId());
    v.put("InitiatingProcessIntegrityLevel", p.integrityLevel());
    v.put("InitiatingProcessTokenElevation", p.tokenElevation());
  }

  private static String signerType(Image image) {
    return image.signer().rootSignerMicrosoft() ? "OsVendor" : "ThirdParty";
  }

  /** MDE's address categories, for the private/public split this lake uses. */
  private static String ipType(String ip) {
    if (ip == null) {
      return null;
    }
    if (ip.startsWith("127.") || ip.equals("::1")) {
      return "Loopback";
    }
    if (ip.startsWith("10.") || ip.startsWith("192.168.") || ip.startsWith("172.16.")) {
      return "Private";
    }
    if (ip.equals("0.0.0.0") || ip.equals("::")) {
      return "Reserved";
    }
    return "Public";
  }

  /**
   * One row's values, addressed by column name so that the documented order is the schema's
   * business.
   */
  private static final class Values {
    private final Map<String, Integer> positions;
    private final Object[] values;

    Values(MdeTable table, long timestamp, Device device) {
      this.positions = POSITIONS.get(table);
      this.values = new Object[positions.size()];
      put("Timestamp", timestamp);
      put("DeviceId", device.deviceId());
      put("DeviceName", device.deviceName());
      put(DATE_COLUMN, Micros.date(timestamp));
    }

    void put(String column, Object value) {
      Integer i = positions.get(column);
      if (i == null) {
        throw new IllegalArgumentException("no column " + column);
      }
      values[i] = value;
    }

    Row row() {
      return RowFactory.create(values);
    }
  }
}
