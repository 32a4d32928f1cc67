-- serviceNetworkEventsWithSHA1 and the final where clauses, over the pairs of either formulation.
WITH pairs AS MATERIALIZED (SELECT * FROM correlated),
counts AS (
  SELECT window_s, coalesce(SHA1, '') AS sha, count(*) AS count_ FROM pairs GROUP BY ALL
),
rare AS (
  SELECT c.window_s, c.sha FROM counts c
  WHERE c.count_ < getvariable('prevalence_threshold')
    AND NOT EXISTS (SELECT 1 FROM certified k WHERE k.window_s = c.window_s AND k.sha = c.sha)
)
SELECT p.*
FROM pairs p
WHERE (EXISTS (SELECT 1 FROM rare r WHERE r.window_s = p.window_s AND r.sha = coalesce(p.SHA1, ''))
       OR kql_fold(p.FileName) IN (SELECT name FROM lolbins))
  AND kql_fold(p.ProcessCommandLine) <> getvariable('excluded_folded')
