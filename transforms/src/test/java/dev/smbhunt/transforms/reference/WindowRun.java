package dev.smbhunt.transforms.reference;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one hourly run computed at each of the query's steps, kept so tests can see which edges were
 * hit.
 */
public record WindowRun(
    Instant windowStart,
    List<Map<String, Object>> certificates,
    List<Map<String, Object>> networkEvents,
    List<Map<String, Object>> allServices,
    List<Map<String, Object>> joined,
    List<Map<String, Object>> serviceNetworkEvents,
    Map<String, Long> countBySha1,
    List<String> rareSha1s,
    List<Map<String, Object>> results) {}
