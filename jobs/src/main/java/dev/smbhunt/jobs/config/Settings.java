package dev.smbhunt.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import dev.smbhunt.jobs.lake.TableFormat;
import dev.smbhunt.jobs.storage.Location;
import dev.smbhunt.jobs.storage.TableRef;
import dev.smbhunt.transforms.schema.MdeTable;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The resolved, validated configuration of one run. Built once from Typesafe Config; every default
 * lives in {@code reference.conf}. Immutable.
 */
public record Settings(
    Lake lake,
    String output,
    Alerts alerts,
    Rule rule,
    Spark spark,
    Generate generate,
    Demo demo,
    AlertsCommand alertsCommand,
    Bench bench,
    Ingest ingest,
    Runs runs,
    String rendered) {

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
   */
  public record Lake(
      String root,
      String database,
      String partitionColumn,
      Map<MdeTable, Table> tables,
      boolean failOnEmptyTable,
      boolean skipUnreadableFiles) {
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

    public Lake withRoot(String newRoot) {
      return new Lake(newRoot, "", partitionColumn, tables, failOnEmptyTable, skipUnreadableFiles);
    }

    public Lake withDatabase(String newDatabase) {
      return new Lake(
          root, newDatabase, partitionColumn, tables, failOnEmptyTable, skipUnreadableFiles);
    }
  }

  /**
   * @param path "" means {@code <output>/<table-name>}
   * @param table a catalog table name; when set it wins over {@code path}
   */
  public record Alerts(String path, String table, String tableName, int mergeRetries) {}

  /**
   * Continuous mode's rating scopes ({@code rule.continuous}).
   *
   * @param prevalenceScope {@code window} or {@code lookback}
   * @param certificateScope {@code window} or {@code history}
   */
  public record Continuous(
      String prevalenceScope, Duration lookback, String certificateScope, LocalDate historyStart) {}

  /** Chunked, ledgered and scheduled runs ({@code backfill}, {@code ledger}, {@code scheduled}). */
  public record Runs(
      Duration chunk,
      String ledgerPath,
      String ledgerTable,
      String ledgerTableName,
      Duration settlementDelay,
      boolean reprocessLate) {}

  public record Rule(
      String template,
      String mode,
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

    public Rule withMode(String newMode) {
      return new Rule(
          template,
          requireMode(newMode),
          window,
          servicesProcess,
          inboundActionType,
          minChildDelaySeconds,
          maxChildDelaySeconds,
          bootGraceSeconds,
          prevalenceThreshold,
          excludedCommandLine,
          lolbins,
          continuous);
    }

    public boolean continuousMode() {
      return mode.equals(MODE_CONTINUOUS);
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

  public static final String MODE_RULE = "rule";
  public static final String MODE_CONTINUOUS = "continuous";

  static String requireMode(String mode) {
    if (!mode.equals(MODE_RULE) && !mode.equals(MODE_CONTINUOUS)) {
      throw new IllegalArgumentException(
          "rule.mode must be 'rule' or 'continuous', got '" + mode + "'");
    }
    return mode;
  }

  public record Spark(
      String master,
      String appName,
      int shufflePartitions,
      boolean uiEnabled,
      String driverHost,
      String logLevel,
      Map<String, String> conf) {}

  public record Generate(
      int devices,
      int days,
      long seed,
      String format,
      LocalDate startDate,
      double scale,
      int hotServers,
      int hotConnectionsPerHour,
      int hotStartsPerHour) {}

  public record Demo(
      String lake, String output, int devices, int days, long seed, String format, int show) {}

  public record AlertsCommand(String format, int limit) {}

  /**
   * {@code bin/hunt bench}: where lakes and results go, the scale series, the lakes' shape, and how
   * the contestants run.
   *
   * @param contestants the contestants' names to run, in the report's order
   * @param runTimeout a run still going after this is cancelled and reported as slower than it
   * @param duckdbMemoryLimit DuckDB's {@code memory_limit}
   * @param duckdbTempDirectory DuckDB's spill folder; "" means {@code <lakes>/.duckdb-tmp}
   */
  public record Bench(
      Path lakes,
      Path results,
      List<Integer> scaleFactors,
      List<Integer> hotScaleFactors,
      int devicesPerScaleFactor,
      int days,
      double backgroundScale,
      int hotServers,
      int runs,
      List<String> contestants,
      Duration runTimeout,
      String duckdbMemoryLimit,
      String duckdbTempDirectory,
      List<String> layouts) {
    public static final List<String> LAYOUTS = List.of("generated", "duckdb", "hourly-files");

    public Path duckdbTempPath() {
      return duckdbTempDirectory.isEmpty()
          ? lakes.resolve(".duckdb-tmp")
          : Path.of(duckdbTempDirectory);
    }
  }

  /**
   * @param manifestPath "" means under the lake root
   * @param dedupKeys per table; {@code ["*"]} means every documented column
   */
  public record Ingest(
      String format,
      List<String> tables,
      double maxBadFraction,
      String manifestPath,
      String quarantinePath,
      Map<MdeTable, List<String>> dedupKeys) {
    /**
     * The manifest: its configured path, else a table of the lake's database, else {@code
     * <root>/_ingest/manifest}.
     */
    public TableRef manifestRef(Lake lake) {
      return stateRef(lake, manifestPath, "manifest");
    }

    public TableRef quarantineRef(Lake lake) {
      return stateRef(lake, quarantinePath, "quarantine");
    }

    // Ingest writes the lake, so its own state lives with the lake.
    private static TableRef stateRef(Lake lake, String configured, String name) {
      if (!configured.isEmpty()) {
        return TableRef.at(Location.of(configured));
      }
      return lake.database().isEmpty()
          ? TableRef.at(lake.rootLocation().child("_ingest").child(name))
          : TableRef.named(lake.database() + ".smb_hunt_ingest_" + name);
    }
  }

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

  public Settings withLake(Lake newLake) {
    return new Settings(
        newLake,
        output,
        alerts,
        rule,
        spark,
        generate,
        demo,
        alertsCommand,
        bench,
        ingest,
        runs,
        rendered);
  }

  public Settings withLakeRoot(String root) {
    return withLake(lake.withRoot(root));
  }

  public Settings withDatabase(String database) {
    return withLake(lake.withDatabase(database));
  }

  public Settings withOutput(String newOutput) {
    Location.of(newOutput); // refuses an empty location here, not mid-run
    return new Settings(
        lake,
        newOutput,
        alerts,
        rule,
        spark,
        generate,
        demo,
        alertsCommand,
        bench,
        ingest,
        runs,
        rendered);
  }

  public Settings withAlertsPath(String path) {
    return withAlerts(new Alerts(path, "", alerts.tableName(), alerts.mergeRetries()));
  }

  public Settings withAlertsTable(String table) {
    return withAlerts(new Alerts(alerts.path(), table, alerts.tableName(), alerts.mergeRetries()));
  }

  private Settings withAlerts(Alerts newAlerts) {
    return new Settings(
        lake,
        output,
        newAlerts,
        rule,
        spark,
        generate,
        demo,
        alertsCommand,
        bench,
        ingest,
        runs,
        rendered);
  }

  public Settings withRule(Rule newRule) {
    return new Settings(
        lake,
        output,
        alerts,
        newRule,
        spark,
        generate,
        demo,
        alertsCommand,
        bench,
        ingest,
        runs,
        rendered);
  }

  public Settings withRuns(Runs newRuns) {
    return new Settings(
        lake,
        output,
        alerts,
        rule,
        spark,
        generate,
        demo,
        alertsCommand,
        bench,
        ingest,
        newRuns,
        rendered);
  }

  /**
   * Reads and validates every key; a bad value fails here, naming the full key, the value and its
   * origin.
   */
  public static Settings from(Config all) {
    Section c = new Section(all.getConfig(ROOT));
    Map<MdeTable, Table> tables = new EnumMap<>(MdeTable.class);
    tables.put(MdeTable.DEVICE_NETWORK_EVENTS, table(c.section("lake.tables.network")));
    tables.put(MdeTable.DEVICE_PROCESS_EVENTS, table(c.section("lake.tables.process")));
    tables.put(MdeTable.DEVICE_FILE_CERTIFICATE_INFO, table(c.section("lake.tables.certificate")));
    Lake lake =
        new Lake(
            c.getString("lake.root"),
            c.getString("lake.database"),
            c.getString("lake.partition-column"),
            tables,
            c.oneOf("lake.empty-table", "warn", "fail").equals("fail"),
            c.oneOf("lake.unreadable-files", "fail", "skip").equals("skip"));
    String output = c.getString("output");
    if (output.isBlank()) {
      throw c.bad("output", "must not be empty");
    }

    Alerts alerts =
        new Alerts(
            c.getString("alerts.path"),
            c.getString("alerts.table"),
            c.getString("alerts.table-name"),
            c.getInt("alerts.merge-retries"));

    Section r = c.section("rule");
    String mode = r.oneOf("mode", "rule", "continuous");
    Section k = r.section("continuous");
    Continuous continuous =
        new Continuous(
            k.oneOf("prevalence-scope", "window", "lookback"),
            k.getDuration("lookback"),
            k.oneOf("certificate-scope", "window", "history"),
            k.getDate("history-start"));
    if (continuous.lookback().isNegative() || continuous.lookback().isZero()) {
      throw k.bad("lookback", "must be positive, got " + continuous.lookback());
    }
    Rule rule =
        new Rule(
            r.getString("template"),
            mode,
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

    Runs runs =
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

    Section s = c.section("spark");
    Map<String, String> sparkConf = new LinkedHashMap<>();
    s.config("conf")
        .entrySet()
        .forEach(
            e -> sparkConf.put(stripQuotes(e.getKey()), String.valueOf(e.getValue().unwrapped())));
    Spark spark =
        new Spark(
            s.getString("master"),
            s.getString("app-name"),
            s.getInt("shuffle-partitions"),
            s.getBoolean("ui-enabled"),
            s.getString("driver-host"),
            s.getString("log-level"),
            Map.copyOf(sparkConf));

    Section g = c.section("generate");
    Generate generate =
        new Generate(
            g.getInt("devices"),
            g.getInt("days"),
            g.getLong("seed"),
            g.getString("format"),
            g.getDate("start-date"),
            g.getDouble("scale"),
            g.getInt("hot-servers"),
            g.getInt("hot-connections-per-hour"),
            g.getInt("hot-starts-per-hour"));

    Section d = c.section("demo");
    Demo demo =
        new Demo(
            d.getString("lake"),
            d.getString("output"),
            d.getInt("devices"),
            d.getInt("days"),
            d.getLong("seed"),
            d.getString("format"),
            d.getInt("show"));

    Section a = c.section("alerts-command");
    AlertsCommand alertsCommand = new AlertsCommand(a.getString("format"), a.getInt("limit"));

    Section b = c.section("bench");
    Bench bench =
        new Bench(
            Path.of(b.getString("lakes")),
            Path.of(b.getString("results")),
            positiveInts(b, "scale-factors"),
            positiveInts(b, "hot-scale-factors"),
            b.getInt("devices-per-scale-factor"),
            b.getInt("days"),
            b.getDouble("background-scale"),
            b.getInt("hot-servers"),
            b.getInt("runs"),
            b.getStringList("contestants"),
            b.getDuration("run-timeout"),
            b.getString("duckdb.memory-limit"),
            b.getString("duckdb.temp-directory"),
            b.getStringList("layouts"));
    bench.layouts().stream()
        .filter(l -> !Bench.LAYOUTS.contains(l))
        .findFirst()
        .ifPresent(
            l -> {
              throw b.bad("layouts", "expected some of " + Bench.LAYOUTS + ", got '" + l + "'");
            });
    if (bench.layouts().isEmpty()
        || bench.layouts().stream().distinct().count() < bench.layouts().size()) {
      throw b.bad(
          "layouts",
          "must name each layout at most once, and at least one, got " + bench.layouts());
    }
    if (bench.contestants().isEmpty()) {
      throw b.bad("contestants", "must name at least one contestant");
    }
    if (bench.runTimeout().isNegative() || bench.runTimeout().isZero()) {
      throw b.bad("run-timeout", "must be positive, got " + bench.runTimeout());
    }
    if (bench.runs() < 1) {
      throw b.bad("runs", "must be at least 1, got " + bench.runs());
    }
    if (!bench.hotScaleFactors().isEmpty() && bench.hotServers() < 1) {
      throw b.bad(
          "hot-servers",
          "must be at least 1 when bench.hot-scale-factors is not empty, got "
              + bench.hotServers());
    }

    Section i = c.section("ingest");
    double maxBad = i.getDouble("max-bad-fraction");
    if (maxBad < 0 || maxBad > 1) {
      throw i.bad("max-bad-fraction", "must be within [0, 1], got " + maxBad);
    }
    Map<MdeTable, List<String>> dedupKeys = new EnumMap<>(MdeTable.class);
    dedupKeys.put(
        MdeTable.DEVICE_NETWORK_EVENTS,
        dedupKey(i, "dedup-key.network", MdeTable.DEVICE_NETWORK_EVENTS));
    dedupKeys.put(
        MdeTable.DEVICE_PROCESS_EVENTS,
        dedupKey(i, "dedup-key.process", MdeTable.DEVICE_PROCESS_EVENTS));
    dedupKeys.put(
        MdeTable.DEVICE_FILE_CERTIFICATE_INFO,
        dedupKey(i, "dedup-key.certificate", MdeTable.DEVICE_FILE_CERTIFICATE_INFO));
    Ingest ingest =
        new Ingest(
            i.getString("format"),
            i.getStringList("tables"),
            maxBad,
            i.getString("manifest-path"),
            i.getString("quarantine-path"),
            Map.copyOf(dedupKeys));

    String rendered =
        Secrets.masked(all.getConfig(ROOT))
            .root()
            .render(ConfigRenderOptions.concise().setFormatted(true).setJson(false));
    return new Settings(
        lake,
        output,
        alerts,
        rule,
        spark,
        generate,
        demo,
        alertsCommand,
        bench,
        ingest,
        runs,
        rendered);
  }

  private static Table table(Section t) {
    String format = t.oneOf("format", "auto", "delta", "parquet");
    return new Table(
        t.getString("name"),
        t.getString("path"),
        TableFormat.valueOf(format.toUpperCase(Locale.ROOT)));
  }

  private static List<String> dedupKey(Section ingest, String key, MdeTable table) {
    List<String> columns = ingest.getStringList(key);
    columns.stream()
        .filter(column -> !column.equals("*") && !table.columnNames().contains(column))
        .findFirst()
        .ifPresent(
            column -> {
              throw ingest.bad(
                  key, "'" + column + "' is not a documented column of " + table.tableName());
            });
    return columns;
  }

  private static List<Integer> positiveInts(Section c, String key) {
    List<Integer> values = c.getIntList(key);
    values.stream()
        .filter(v -> v < 1)
        .findFirst()
        .ifPresent(
            v -> {
              throw c.bad(key, "scale factors must be at least 1, got " + v);
            });
    return values;
  }

  private static String stripQuotes(String key) {
    return key.startsWith("\"") && key.endsWith("\"") ? key.substring(1, key.length() - 1) : key;
  }
}
