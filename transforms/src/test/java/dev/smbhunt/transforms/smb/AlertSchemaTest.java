package dev.smbhunt.transforms.smb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.smbhunt.transforms.schema.Schemas;
import dev.smbhunt.transforms.testing.Stages;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

/** The declared alerts table is what the stages produce, plus the sink's DetectedAt. */
class AlertSchemaTest {
  @Test
  void declaredTableIsTheAlertStageOutputPlusDetectedAt() {
    assertEquals(
        Schemas.nullable(
                Stages.schemaOf(HuntStages::alerts)
                    .add(AlertColumns.DETECTED_AT, DataTypes.TimestampType))
            .treeString(),
        AlertSchema.TABLE.treeString());
  }
}
