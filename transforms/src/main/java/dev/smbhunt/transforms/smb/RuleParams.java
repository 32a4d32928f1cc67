package dev.smbhunt.transforms.smb;

import java.util.List;
import java.util.Objects;

/**
 * Every tunable of the rule, passed explicitly into each stage. The defaults live in {@code
 * reference.conf} and equal the upstream template's literals (a test checks them against the
 * template's query).
 *
 * @param servicesProcess the SCM image name, {@code "services.exe"}
 * @param inboundActionType {@code "InboundConnectionAccepted"}, compared case-sensitively ({@code
 *     ==})
 * @param windowSeconds the schedule window, {@code queryPeriod = queryFrequency = 1h}
 * @param minChildDelaySeconds lower bound of {@code datetime_diff("Second", child, net) between (0
 *     .. 10)}
 * @param maxChildDelaySeconds upper bound of the same
 * @param bootGraceSeconds {@code datetime_diff("Second", net, servicesExeStart) > 60}
 * @param prevalenceThreshold {@code count_ < 100}
 * @param lolbins the {@code lolbins} list, compared with {@code in~}
 * @param excludedCommandLine {@code ProcessCommandLine !~ "msiexec.exe /V"}
 */
public record RuleParams(
    String servicesProcess,
    String inboundActionType,
    long windowSeconds,
    long minChildDelaySeconds,
    long maxChildDelaySeconds,
    long bootGraceSeconds,
    long prevalenceThreshold,
    List<String> lolbins,
    String excludedCommandLine) {

  public RuleParams {
    Objects.requireNonNull(servicesProcess, "servicesProcess");
    Objects.requireNonNull(inboundActionType, "inboundActionType");
    Objects.requireNonNull(excludedCommandLine, "excludedCommandLine");
    lolbins = List.copyOf(Objects.requireNonNull(lolbins, "lolbins"));
    if (windowSeconds <= 0) {
      throw new IllegalArgumentException("windowSeconds must be positive, got " + windowSeconds);
    }
    if (minChildDelaySeconds > maxChildDelaySeconds) {
      throw new IllegalArgumentException(
          "minChildDelaySeconds ("
              + minChildDelaySeconds
              + ") exceeds maxChildDelaySeconds ("
              + maxChildDelaySeconds
              + ")");
    }
    if (prevalenceThreshold < 0) {
      throw new IllegalArgumentException(
          "prevalenceThreshold must be >= 0, got " + prevalenceThreshold);
    }
  }

  public RuleParams withCorrelation(long minSeconds, long maxSeconds) {
    return new RuleParams(
        servicesProcess,
        inboundActionType,
        windowSeconds,
        minSeconds,
        maxSeconds,
        bootGraceSeconds,
        prevalenceThreshold,
        lolbins,
        excludedCommandLine);
  }

  public RuleParams withBootGraceSeconds(long seconds) {
    return new RuleParams(
        servicesProcess,
        inboundActionType,
        windowSeconds,
        minChildDelaySeconds,
        maxChildDelaySeconds,
        seconds,
        prevalenceThreshold,
        lolbins,
        excludedCommandLine);
  }

  public RuleParams withPrevalenceThreshold(long threshold) {
    return new RuleParams(
        servicesProcess,
        inboundActionType,
        windowSeconds,
        minChildDelaySeconds,
        maxChildDelaySeconds,
        bootGraceSeconds,
        threshold,
        lolbins,
        excludedCommandLine);
  }

  public RuleParams withLolbins(List<String> list) {
    return new RuleParams(
        servicesProcess,
        inboundActionType,
        windowSeconds,
        minChildDelaySeconds,
        maxChildDelaySeconds,
        bootGraceSeconds,
        prevalenceThreshold,
        list,
        excludedCommandLine);
  }

  /** For a what-if run of the exclusion, as {@code withLolbins} is for the LOLBIN list. */
  public RuleParams withExcludedCommandLine(String commandLine) {
    return new RuleParams(
        servicesProcess,
        inboundActionType,
        windowSeconds,
        minChildDelaySeconds,
        maxChildDelaySeconds,
        bootGraceSeconds,
        prevalenceThreshold,
        lolbins,
        commandLine);
  }
}
