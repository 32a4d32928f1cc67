package dev.smbhunt.transforms.ingest;

/** Why a raw record did not reach the lake. Stored by name in the quarantine table. */
public enum QuarantineReason {
  MALFORMED_JSON,
  UNKNOWN_TABLE,
  MISSING_TIMESTAMP,
  UNPARSEABLE_TIMESTAMP,
  WRONG_TYPE
}
