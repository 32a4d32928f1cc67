-- The same pairs through a time-bucket equi-key: buckets are (max - min + 1) seconds wide, each connection
-- is repeated for the (at most two) buckets its children can fall in, each child has one, so every pair
-- meets exactly once and a hot services.exe costs (connections + children) x 2, not their product.
CREATE OR REPLACE TEMP VIEW correlated AS
SELECT n.* EXCLUDE (net_bucket), s.* EXCLUDE (child_bucket)
FROM (SELECT *,
             unnest(range(CAST(floor((net_s + getvariable('min_delay')) / getvariable('bucket_width')) AS BIGINT),
                          CAST(floor((net_s + getvariable('max_delay')) / getvariable('bucket_width')) AS BIGINT) + 1))
               AS net_bucket
      FROM network_events) n
JOIN (SELECT *, CAST(floor(child_s / getvariable('bucket_width')) AS BIGINT) AS child_bucket
      FROM service_starts) s
  ON n.k_device = s.s_device
 AND n.InitiatingProcessId = s.InitiatingProcessId1
 AND n.k_image = s.s_image
 AND n.window_s = s.s_window
 AND n.net_bucket = s.child_bucket
WHERE s.child_s - n.net_s BETWEEN getvariable('min_delay') AND getvariable('max_delay')
  AND n.net_s - boundary_s(s.TimestampServicesExe) > getvariable('boot_grace');
