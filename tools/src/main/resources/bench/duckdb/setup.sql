-- The hunt's inputs and helpers, shared by both DuckDB formulations. Every value comes from a variable
-- that DuckDbContestant sets through a prepared statement: nothing here is built from config or data.

-- FileName in~ (lolbins): the list, ASCII-folded, one row per name.
CREATE OR REPLACE TEMP TABLE lolbins (name VARCHAR);

-- KQL's =~ / in~ / !~ fold ASCII letters only; a null string is "" (docs/semantics.md: string comparison and nulls, non-ASCII letters).
CREATE OR REPLACE TEMP MACRO kql_fold(s) AS
  translate(coalesce(s, ''), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz');

-- The second boundary a timestamp falls in: datetime_diff("Second", a, b) = boundary_s(a) - boundary_s(b).
CREATE OR REPLACE TEMP MACRO boundary_s(ts) AS CAST(epoch(date_trunc('second', ts)) AS BIGINT);

-- The start (epoch seconds) of the hourly schedule window a boundary second belongs to.
CREATE OR REPLACE TEMP MACRO window_of(s) AS
  CAST(floor(s / getvariable('window_seconds')) AS BIGINT) * getvariable('window_seconds');

-- networkEvents: services.exe (in~) accepted an inbound connection (==, case-sensitive).
CREATE OR REPLACE TEMP VIEW network_events AS
SELECT * EXCLUDE (date, Timestamp),
       Timestamp AS TimestampNetworkAct,
       coalesce(DeviceId, '') AS k_device,
       coalesce(InitiatingProcessFileName, '') AS k_image,
       boundary_s(Timestamp) AS net_s,
       window_of(boundary_s(Timestamp)) AS window_s
FROM read_parquet(getvariable('network_files'), hive_partitioning = true)
WHERE Timestamp >= getvariable('range_from') AND Timestamp < getvariable('range_to')
  AND coalesce(ActionType, '') = getvariable('inbound_action_type')
  AND kql_fold(InitiatingProcessFileName) = getvariable('services_folded');

-- allServices: children of services.exe (=~) on devices with services.exe traffic in the same window,
-- with the right side's clashing names renamed the way Kusto's join does (DeviceId1, ...).
CREATE OR REPLACE TEMP VIEW service_starts AS
SELECT p.Timestamp AS TimestampChild,
       p.DeviceId AS DeviceId1,
       p.DeviceName AS DeviceName1,
       p.FileName,
       p.ProcessCommandLine,
       p.SHA1,
       p.InitiatingProcessFileName AS InitiatingProcessFileName1,
       p.InitiatingProcessCommandLine AS InitiatingProcessCommandLine1,
       p.InitiatingProcessSHA1 AS InitiatingProcessSHA11,
       p.InitiatingProcessId AS InitiatingProcessId1,
       p.InitiatingProcessCreationTime AS TimestampServicesExe,
       p.ReportId AS ProcessReportId,
       coalesce(p.DeviceId, '') AS s_device,
       coalesce(p.InitiatingProcessFileName, '') AS s_image,
       boundary_s(p.Timestamp) AS child_s,
       window_of(boundary_s(p.Timestamp)) AS s_window
FROM read_parquet(getvariable('process_files'), hive_partitioning = true) p
-- in ((networkEvents | project DeviceId)) is a semi-join on a set: a correlated EXISTS here was planned as
-- a join that repeats each child once per connection of its device and hour (960 M rows on a hot server).
SEMI JOIN (SELECT DISTINCT k_device, window_s FROM network_events) n
  ON n.k_device = coalesce(p.DeviceId, '')
 AND n.window_s = window_of(boundary_s(p.Timestamp))
WHERE p.Timestamp >= getvariable('range_from') AND p.Timestamp < getvariable('range_to')
  AND kql_fold(p.InitiatingProcessFileName) = getvariable('services_folded');

-- Any certificate row for a SHA1 in the window excludes it (docs/semantics.md: leftanti).
CREATE OR REPLACE TEMP VIEW certified AS
SELECT DISTINCT window_of(boundary_s(Timestamp)) AS window_s, coalesce(SHA1, '') AS sha
FROM read_parquet(getvariable('certificate_files'), hive_partitioning = true)
WHERE Timestamp >= getvariable('range_from') AND Timestamp < getvariable('range_to');
