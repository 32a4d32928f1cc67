package dev.smbhunt.jobs.generate;

import dev.smbhunt.transforms.schema.MdeTable;
import java.util.List;
import org.apache.spark.sql.Row;

/** One device's rendered rows: the three lake tables and its ground-truth rows. */
record DeviceRows(
    List<Row> network, List<Row> process, List<Row> certificates, List<Row> groundTruth) {

  List<Row> rows(MdeTable table) {
    return switch (table) {
      case DEVICE_NETWORK_EVENTS -> network;
      case DEVICE_PROCESS_EVENTS -> process;
      case DEVICE_FILE_CERTIFICATE_INFO -> certificates;
    };
  }
}
