package dev.smbhunt.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import dev.smbhunt.jobs.lake.TableFormat;
import dev.smbhunt.jobs.storage.Location;
import dev.smbhunt.jobs.storage.TableRef;
import dev.smbhunt.transforms.schema.MdeTable;
import dev.smbhunt.transforms.smb.ContinuousScope;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resolved, validated core of one run: the lake, the output, the alerts table, the rule, the
 * chunked and scheduled runs, and Spark. Every default lives in {@code reference.conf}; every value
 * is typed here, when settings load. A tool's own section ({@code generate}, {@code demo}, {@code
 * bench}, {@code ingest}, {@code alerts-command}) is parsed by that tool, from {@link #section}.
 *
 * <p>Immutable. A changed copy is the same tree with one value replaced and parsed again ({@link
 * #with}), so a copy can never drift from what loading that tree gives, and is validated alike.
 */
public final class Settings {
  private final Config all;
  private final Lake lake;
  private final String output;
  private final Alerts alerts;
  private final Rule rule;
  private final Runs runs;
  private final Spark spark;
  private final String rendered;

  /** The config subtree every key lives under. */
  public static final String ROOT = "smb-hunt";

  public record Table(String name, String path, TableFormat format) {}

  /**
   * Where the three input tables are.
   *
   * @param root a URI or local path holding one folder per table
   * @param database "" for folders under {@code root}; else the catalog namespace (one to three
   *     parts) whose tables {@code <database>.<name>} are read by name
   * @param failOnEmptyTable stop a run, before it writes, when a table has no rows where the others
   *     have some
   * @param skipUnreadableFiles leave out, naming each, Parquet files of the range whose footer
   *     cannot be read
   * @param lateMaterialization read a Parquet table's selective filter columns first and its other
   *     columns for the kept rows only
   */
  public record Lake(
      String root,
      String database,
      String partitionColumn,
      Map<MdeTable, Table> tables,
      boolean failOnEmptyTable,
      boolean skipUnreadableFiles,
      boolean lateMaterialization) {
    /**
     * The table {@code table} is read from: its configured path, else by name, else {@code
     * <root>/<name>}.
     */
    public TableRef ref(MdeTable table) {
      Table t = tables.get(table);
      if (!t.path().isEmpty()) {
        return TableRef.at(Location.of(t.path()));
      }
      return database.isEmpty()
          ? TableRef.at(rootLocation().child(t.name()))
          : TableRef.named(database + "." + t.name());
    }

    public Location rootLocation() {
      return Location.of(root);
    }

    /** What the lake is, for messages: its root URI or its catalog namespace. */
    public String display() {
      return database.isEmpty() ? rootLocation().toString() : "database " + database;
    }
  }

  /**
   * @param path "" means {@code <output>/<table-name>}
   * @param table a catalog table name; when set it wins over {@code path}
   */
  public record Alerts(String path, String table, String tableName, int mergeRetries) {}

  /** Continuous mode's rating scopes ({@code rule.continuous}). */
  public record Continuous(
      ContinuousScope.PrevalenceScope prevalenceScope,
      Duration lookback,
      ContinuousScope.CertificateScope certificateScope,
      LocalDate historyStart) {}

  /** Chunked, ledgered and scheduled runs ({@code backfill}, {@code ledger}, {@code scheduled}). */
  public record Runs(
      Duration chunk,
      String ledgerPath,
      String ledgerTable,
      String ledgerTableName,
      Duration settlementDelay,
      boolean reprocessLate) {}

  /** How the rule runs: the template's hourly windows, or one pass over the whole range. */
  public enum RuleMode {
    RULE,
    CONTINUOUS;

    /** As settings, the ledger and the run identity spell it. */
    public String configName() {
      return Section.configName(this);
    }

    /**
     * {@code rule} or {@code continuous}, as {@code option} (such as {@code --mode}) was given it.
     */
    public static RuleMode parse(String option, String text) {
      for (RuleMode m : values()) {
        if (m.configName().equals(text)) {
          return m;
        }
      }
      throw new IllegalArgumentException(
          option + " must be 'rule' or 'continuous', got '" + text + "'");
    }
  }

  public record Rule(
      String template,
      RuleMode mode,
      Duration window,
      String servicesProcess,
      String inboundActionType,
      long minChildDelaySeconds,
      long maxChildDelaySeconds,
      long bootGraceSeconds,
      long prevalenceThreshold,
      String excludedCommandLine,
      List<String> lolbins,
      Continuous continuous) {

    public boolean continuousMode() {
      return mode == RuleMode.CONTINUOUS;
    }

    /** The parameters the rule's stages take. */
    public dev.smbhunt.transforms.smb.RuleParams params() {
      return new dev.smbhunt.transforms.smb.RuleParams(
          servicesProcess,
          inboundActionType,
          window.getSeconds(),
          minChildDelaySeconds,
          maxChildDelaySeconds,
          bootGraceSeconds,
          prevalenceThreshold,
          lolbins,
          excludedCommandLine);
    }
  }

  public record Spark(
      String master,
      String appName,
      int shufflePartitions,
      boolean uiEnabled,
      String driverHost,
      String logLevel,
      Map<String, String> conf) {}

  /** The output location: alerts, the ledger and other state we write; never under the lake. */
  public Location outputLocation() {
    return Location.of(output);
  }

  /**
   * The alerts table: {@code alerts.table} by name, else {@code alerts.path}, else {@code
   * <output>/<table-name>}.
   */
  public TableRef alertsRef() {
    if (!alerts.table().isEmpty()) {
      return TableRef.named(alerts.table());
    }
    return TableRef.at(
        alerts.path().isEmpty()
            ? outputLocation().child(alerts.tableName())
            : Location.of(alerts.path()));
  }

  /**
   * The run ledger: {@code ledger.table} by name, else {@code ledger.path}, else {@code
   * <output>/<table-name>}.
   */
  public TableRef ledgerRef() {
    if (!runs.ledgerTable().isEmpty()) {
      return TableRef.named(runs.ledgerTable());
    }
    return TableRef.at(
        runs.ledgerPath().isEmpty()
            ? outputLocation().child(runs.ledgerTableName())
            : Location.of(runs.ledgerPath()));
  }

  public Lake lake() {
    return lake;
  }

  /** The output folder: where alerts, the ledger and other state we write go by default. */
  public String output() {
    return output;
  }

  public Alerts alerts() {
    return alerts;
  }

  public Rule rule() {
    return rule;
  }

  public Runs runs() {
    return runs;
  }

  public Spark spark() {
    return spark;
  }

  /** The resolved settings as HOCON, secrets masked: what a run logs once. */
  public String rendered() {
    return rendered;
  }

  /**
   * A tool's own part of the settings ({@code generate}, {@code bench}, ...), for the tool to parse
   * with the same key-naming errors as the core.
   */
  public Section section(String name) {
    return new Section(all.getConfig(ROOT)).section(name);
  }

  /**
   * These settings with {@code key} (under {@code smb-hunt}, as {@code --set} takes it) set to
   * {@code value}, parsed and validated again.
   *
   * @param value a string, number, boolean or list, as {@code --set} would give it
   */
  public Settings with(String key, Object value) {
    String full = ROOT + "." + key;
    if (!all.hasPath(full)) {
      throw new IllegalArgumentException("no setting " + key + " (see conf/reference.conf)");
    }
    return from(all.withValue(full, ConfigValueFactory.fromAnyRef(value, "set by " + key)));
  }

  /** A lake of folders under {@code root} (read by path, not from a catalog database). */
  public Settings withLakeRoot(String root) {
    return with("lake.root", root).with("lake.database", "");
  }

  public Settings withDatabase(String database) {
    return with("lake.database", database);
  }

  public Settings withOutput(String newOutput) {
    return with("output", newOutput);
  }

  /** Alerts in a folder of their own, rather than a catalog table or under the output. */
  public Settings withAlertsPath(String path) {
    return with("alerts.path", path).with("alerts.table", "");
  }

  public Settings withAlertsTable(String table) {
    return with("alerts.table", table);
  }

  public Settings withMode(RuleMode mode) {
    return with("rule.mode", mode.configName());
  }

  /**
   * Reads and validates every key of the core; a bad value fails here, naming the full key, the
   * value and its origin.
   */
  public static Settings from(Config all) {
    return new Settings(all);
  }

  private Settings(Config all) {
    this.all = all;
    Section c = new Section(all.getConfig(ROOT));
    Map<MdeTable, Table> tables = new EnumMap<>(MdeTable.class);
    tables.put(MdeTable.DEVICE_NETWORK_EVENTS, table(c.section("lake.tables.network")));
    tables.put(MdeTable.DEVICE_PROCESS_EVENTS, table(c.section("lake.tables.process")));
    tables.put(MdeTable.DEVICE_FILE_CERTIFICATE_INFO, table(c.section("lake.tables.certificate")));
    this.lake =
        new Lake(
            c.getString("lake.root"),
            c.getString("lake.database"),
            c.getString("lake.partition-column"),
            Collections.unmodifiableMap(tables),
            c.getEnum("lake.empty-table", OnEmptyTable.class) == OnEmptyTable.FAIL,
            c.getEnum("lake.unreadable-files", OnUnreadableFile.class) == OnUnreadableFile.SKIP,
            c.getBoolean("lake.late-materialization"));
    this.output = c.getString("output");
    if (output.isBlank()) {
      throw c.bad("output", "must not be empty");
    }

    this.alerts =
        new Alerts(
            c.getString("alerts.path"),
            c.getString("alerts.table"),
            c.getString("alerts.table-name"),
            c.getInt("alerts.merge-retries"));
    this.rule = rule(c.section("rule"));
    this.runs =
        new Runs(
            c.getDuration("backfill.chunk"),
            c.getString("ledger.path"),
            c.getString("ledger.table"),
            c.getString("ledger.table-name"),
            c.getDuration("scheduled.settlement-delay"),
            c.getBoolean("scheduled.reprocess-late"));
    if (runs.chunk().isZero() || runs.chunk().toSeconds() % rule.window().toSeconds() != 0) {
      throw c.bad(
          "backfill.chunk",
          "must be a positive multiple of rule.window ("
              + rule.window()
              + "), got "
              + runs.chunk());
    }
    this.spark = spark(c.section("spark"));
    this.rendered =
        Secrets.masked(all.getConfig(ROOT))
            .root()
            .render(ConfigRenderOptions.concise().setFormatted(true).setJson(false));
  }

  /** {@code lake.empty-table}. */
  private enum OnEmptyTable {
    WARN,
    FAIL
  }

  /** {@code lake.unreadable-files}. */
  private enum OnUnreadableFile {
    FAIL,
    SKIP
  }

  private static Rule rule(Section r) {
    Section k = r.section("continuous");
    Continuous continuous =
        new Continuous(
            k.getEnum("prevalence-scope", ContinuousScope.PrevalenceScope.class),
            k.getDuration("lookback"),
            k.getEnum("certificate-scope", ContinuousScope.CertificateScope.class),
            k.getDate("history-start"));
    if (continuous.lookback().isNegative() || continuous.lookback().isZero()) {
      throw k.bad("lookback", "must be positive, got " + continuous.lookback());
    }
    Rule rule =
        new Rule(
            r.getString("template"),
            r.getEnum("mode", RuleMode.class),
            r.getDuration("window"),
            r.getString("services-process"),
            r.getString("inbound-action-type"),
            r.getLong("correlation.min-seconds"),
            r.getLong("correlation.max-seconds"),
            r.getLong("boot-grace-seconds"),
            r.getLong("prevalence-threshold"),
            r.getString("excluded-command-line"),
            r.getStringList("lolbins"),
            continuous);
    if (rule.window().isZero() || rule.window().isNegative()) {
      throw r.bad("window", "must be positive, got " + rule.window());
    }
    return rule;
  }

  private static Spark spark(Section s) {
    Map<String, String> sparkConf = new LinkedHashMap<>();
    s.config("conf")
        .entrySet()
        .forEach(
            e -> sparkConf.put(stripQuotes(e.getKey()), String.valueOf(e.getValue().unwrapped())));
    return new Spark(
        s.getString("master"),
        s.getString("app-name"),
        s.getInt("shuffle-partitions"),
        s.getBoolean("ui-enabled"),
        s.getString("driver-host"),
        s.getString("log-level"),
        Collections.unmodifiableMap(sparkConf));
  }

  private static Table table(Section t) {
    return new Table(
        t.getString("name"), t.getString("path"), t.getEnum("format", TableFormat.class));
  }

  private static String stripQuotes(String key) {
    return key.startsWith("\"") && key.endsWith("\"") ? key.substring(1, key.length() - 1) : key;
  }
}
