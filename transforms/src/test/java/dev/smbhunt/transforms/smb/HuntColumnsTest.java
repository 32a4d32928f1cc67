package dev.smbhunt.transforms.smb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.smbhunt.transforms.schema.MdeTable;
import dev.smbhunt.transforms.testing.Fixtures;
import dev.smbhunt.transforms.testing.TemplateRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rule's result columns, written out by hand from docs/lake-contract.md, columns and
 * docs/semantics.md: join output column names, so that neither the schema constants nor the
 * renaming helper can drift unnoticed.
 */
class HuntColumnsTest {
  /** DeviceNetworkEvents in documented order, Timestamp renamed in place by project-rename. */
  static final List<String> NETWORK_SIDE =
      List.of(
          "TimestampNetworkAct",
          "DeviceId",
          "DeviceName",
          "ActionType",
          "RemoteIP",
          "RemotePort",
          "RemoteUrl",
          "LocalIP",
          "LocalPort",
          "Protocol",
          "LocalIPType",
          "RemoteIPType",
          "InitiatingProcessSHA1",
          "InitiatingProcessSHA256",
          "InitiatingProcessMD5",
          "InitiatingProcessFileName",
          "InitiatingProcessFileSize",
          "InitiatingProcessVersionInfoCompanyName",
          "InitiatingProcessVersionInfoProductName",
          "InitiatingProcessVersionInfoProductVersion",
          "InitiatingProcessVersionInfoInternalFileName",
          "InitiatingProcessVersionInfoOriginalFileName",
          "InitiatingProcessVersionInfoFileDescription",
          "InitiatingProcessId",
          "InitiatingProcessCommandLine",
          "InitiatingProcessCreationTime",
          "InitiatingProcessFolderPath",
          "InitiatingProcessParentFileName",
          "InitiatingProcessParentId",
          "InitiatingProcessParentCreationTime",
          "InitiatingProcessAccountDomain",
          "InitiatingProcessAccountName",
          "InitiatingProcessAccountSid",
          "InitiatingProcessAccountUpn",
          "InitiatingProcessAccountObjectId",
          "InitiatingProcessIntegrityLevel",
          "InitiatingProcessTokenElevation",
          "ReportId",
          "AppGuardContainerId",
          "AdditionalFields",
          "InitiatingProcessSessionId",
          "IsInitiatingProcessRemoteSession",
          "InitiatingProcessRemoteSessionDeviceName",
          "InitiatingProcessRemoteSessionIP");

  /**
   * allServices after the join: clashing names get KQL's numeric suffix (docs/semantics.md: join
   * output column names table).
   */
  static final List<String> PROCESS_SIDE =
      List.of(
          "TimestampChild",
          "DeviceId1",
          "DeviceName1",
          "FileName",
          "ProcessCommandLine",
          "SHA1",
          "InitiatingProcessFileName1",
          "InitiatingProcessCommandLine1",
          "InitiatingProcessSHA11",
          "InitiatingProcessId1",
          "TimestampServicesExe");

  static List<String> resultColumns() {
    List<String> all = new ArrayList<>(NETWORK_SIDE);
    all.addAll(PROCESS_SIDE);
    return all;
  }

  @Test
  void resultColumnsAreTheNetworkColumnsThenTheRenamedServiceColumns() {
    assertEquals(resultColumns(), HuntColumns.resultColumns());
  }

  @Test
  void everyAllServicesColumnIsRenamedAsKqlDoes() {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("TimestampChild", "TimestampChild");
    expected.put("DeviceId", "DeviceId1");
    expected.put("DeviceName", "DeviceName1");
    expected.put("FileName", "FileName");
    expected.put("ProcessCommandLine", "ProcessCommandLine");
    expected.put("SHA1", "SHA1");
    expected.put("InitiatingProcessFileName", "InitiatingProcessFileName1");
    expected.put("InitiatingProcessCommandLine", "InitiatingProcessCommandLine1");
    expected.put("InitiatingProcessSHA1", "InitiatingProcessSHA11");
    expected.put("InitiatingProcessId", "InitiatingProcessId1");
    expected.put("TimestampServicesExe", "TimestampServicesExe");
    assertEquals(expected, HuntColumns.joinedServiceStartNames());
  }

  @Test
  void theHuntsKqlResultHasExactlyTheseColumns() {
    HuntStages stages =
        SmbAdminSharesHunt.stages(
            Fixtures.emptyTable(MdeTable.DEVICE_NETWORK_EVENTS),
            Fixtures.emptyTable(MdeTable.DEVICE_PROCESS_EVENTS),
            Fixtures.emptyTable(MdeTable.DEVICE_FILE_CERTIFICATE_INFO),
            TemplateRule.params(),
            TemplateRule.metadata());
    assertEquals(resultColumns(), Arrays.asList(stages.kqlResult().columns()));
  }
}
