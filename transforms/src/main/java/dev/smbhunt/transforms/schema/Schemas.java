package dev.smbhunt.transforms.schema;

import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Schema utilities that Spark keeps private. */
public final class Schemas {
  private Schemas() {}

  /**
   * The same schema with every field, array element and map value nullable. Stored tables use it:
   * Delta turns non-nullable fields into NOT NULL constraints, and refuses them nested in arrays or
   * maps.
   */
  public static StructType nullable(StructType schema) {
    return (StructType) nullable((DataType) schema);
  }

  private static DataType nullable(DataType type) {
    if (type instanceof StructType struct) {
      StructType out = new StructType();
      for (StructField f : struct.fields()) {
        out = out.add(f.name(), nullable(f.dataType()), true, f.metadata());
      }
      return out;
    }
    if (type instanceof ArrayType array) {
      return new ArrayType(nullable(array.elementType()), true);
    }
    if (type instanceof MapType map) {
      return new MapType(map.keyType(), nullable(map.valueType()), true);
    }
    return type;
  }
}
