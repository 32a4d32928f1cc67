/**
 * The deterministic synthetic lake generator: {@link
 * dev.smbhunt.jobs.generate.LakeGenerator#generate}.
 *
 * <p>How a lake is made:
 *
 * <ol>
 *   <li>{@code Fleet} names the devices; {@code CasePlacer} gives each planted case a block of time
 *       on one device ({@code DevicePlan}).
 *   <li>{@code DeviceGenerator} turns one plan into rows, on an executor. A {@code DeviceTimeline}
 *       knows which services.exe runs when, and which stretches of time already hold SCM activity;
 *       planted blocks ({@code PlantedCases}) claim theirs first, then background reboots ({@code
 *       Boots}) and SCM clusters ({@code ScmClusters}) fit around them, so the only (connection,
 *       child) pairs the rule can form are labelled ones. {@code Noise} is everything else a device
 *       does.
 *   <li>{@code DeviceLog} assigns ReportIds per device and table in time order and renders rows
 *       through {@code RowWriter} (the {@code MdeTable} schemas plus {@code date}); {@code
 *       LakeWriter} writes them.
 *   <li>{@code GroundTruth} holds one row per labelled pair; {@code GroundTruthSummary} renders the
 *       Markdown summary.
 * </ol>
 *
 * <p>Every random choice comes from a {@link java.util.SplittableRandom} seeded by (seed, device,
 * purpose).
 */
package dev.smbhunt.jobs.generate;
