-- The KQL join read literally: every connection with every child of the same services.exe in the window,
-- then the boundary-count time filters.
CREATE OR REPLACE TEMP VIEW correlated AS
SELECT n.*, s.*
FROM network_events n
JOIN service_starts s
  ON n.k_device = s.s_device
 AND n.InitiatingProcessId = s.InitiatingProcessId1
 AND n.k_image = s.s_image
 AND n.window_s = s.s_window
WHERE s.child_s - n.net_s BETWEEN getvariable('min_delay') AND getvariable('max_delay')
  AND n.net_s - boundary_s(s.TimestampServicesExe) > getvariable('boot_grace');
