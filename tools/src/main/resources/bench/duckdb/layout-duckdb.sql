-- The "duckdb" bench layout: each generated table rewritten by DuckDB itself, one file per date partition
-- with DuckDB's default row groups, as a lake another engine wrote. Run with the target lake as the working
-- folder; the source globs come from variables set through prepared statements.
COPY (SELECT * FROM read_parquet(getvariable('network_files'), hive_partitioning = true))
  TO 'DeviceNetworkEvents' (FORMAT parquet, PARTITION_BY (date));
COPY (SELECT * FROM read_parquet(getvariable('process_files'), hive_partitioning = true))
  TO 'DeviceProcessEvents' (FORMAT parquet, PARTITION_BY (date));
COPY (SELECT * FROM read_parquet(getvariable('certificate_files'), hive_partitioning = true))
  TO 'DeviceFileCertificateInfo' (FORMAT parquet, PARTITION_BY (date));
