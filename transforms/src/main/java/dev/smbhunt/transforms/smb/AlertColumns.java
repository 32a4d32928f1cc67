package dev.smbhunt.transforms.smb;

/** Columns the alerts table adds to the rule's KQL result columns. */
public final class AlertColumns {
  public static final String ALERT_ID = "AlertId";
  public static final String RULE_ID = "RuleId";
  public static final String RULE_NAME = "RuleName";
  public static final String RULE_VERSION = "RuleVersion";
  public static final String SEVERITY = "Severity";
  public static final String TACTICS = "Tactics";
  public static final String TECHNIQUES = "Techniques";
  public static final String DETECTION_REASON = "DetectionReason";
  public static final String ENTITIES = "Entities";
  public static final String ENTITY_TYPE = "EntityType";
  public static final String ENTITY_FIELDS = "Fields";

  /** The alerts table's partition column: the UTC date of the window. */
  public static final String ALERT_DATE = "AlertDate";

  /** When the sink first wrote the alert; set by the sink, never by a stage. */
  public static final String DETECTED_AT = "DetectedAt";

  public static final String REASON_LOLBIN = "LOLBIN";
  public static final String REASON_RARE = "RARE_UNCERTIFIED_SHA1";
  public static final String REASON_BOTH = "LOLBIN+RARE_UNCERTIFIED_SHA1";

  private AlertColumns() {}
}
