package dev.smbhunt.transforms.smb;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What a continuous-mode run owns and how it rates a pair. The run owns the pairs whose connection
 * lies in {@code [from, to)}: each pair belongs to exactly one window (its connection's), so
 * adjacent or overlapping runs never produce a pair twice.
 *
 * @param from first instant owned, inclusive
 * @param to end of the owned range, exclusive
 * @param prevalence how {@code count_} is scoped
 * @param lookback the trailing period of {@link PrevalenceScope#LOOKBACK}, ending at the connection
 * @param certificates which certificate rows exclude a SHA1
 */
public record ContinuousScope(
    Instant from,
    Instant to,
    PrevalenceScope prevalence,
    Duration lookback,
    CertificateScope certificates) {

  /** {@code count_} of a pair's SHA1 over ... */
  public enum PrevalenceScope {
    /** ... the pairs whose connection is in the same hour window, as the rule counts. */
    WINDOW,
    /**
     * ... the pairs whose connection is in {@code (t - lookback, t]}: point in time, no look-ahead.
     */
    LOOKBACK
  }

  /** A pair's SHA1 is excluded by any certificate row ... */
  public enum CertificateScope {
    /** ... in the connection's hour window, as the rule's anti-join. */
    WINDOW,
    /** ... with {@code Timestamp <= } the connection time, however old. */
    HISTORY
  }

  public ContinuousScope {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(prevalence, "prevalence");
    Objects.requireNonNull(lookback, "lookback");
    Objects.requireNonNull(certificates, "certificates");
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
    }
    if (prevalence == PrevalenceScope.LOOKBACK && (lookback.isNegative() || lookback.isZero())) {
      throw new IllegalArgumentException(
          "the prevalence lookback must be positive, got " + lookback);
    }
  }

  public ContinuousScope withRange(Instant newFrom, Instant newTo) {
    return new ContinuousScope(newFrom, newTo, prevalence, lookback, certificates);
  }

  /** Network events from here on are needed: lookback counts see pairs before the owned range. */
  public Instant networkFrom() {
    return prevalence == PrevalenceScope.LOOKBACK ? from.minus(lookback) : from;
  }

  /**
   * Process events from here on: a child may start in the connection's second, up to 0.999 s before
   * it (with a negative minimum, earlier still).
   */
  public Instant processFrom(RuleParams params) {
    return networkFrom().plusSeconds(Math.min(0, params.minChildDelaySeconds()) - 1);
  }

  /**
   * Process events before this: a child may start up to {@code max} second boundaries after {@code
   * to}.
   */
  public Instant processTo(RuleParams params) {
    return to.plusSeconds(Math.max(0, params.maxChildDelaySeconds()) + 1);
  }
}
