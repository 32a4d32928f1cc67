package dev.smbhunt.transforms.smb;

import static dev.smbhunt.transforms.smb.HuntColumns.COUNT;
import static dev.smbhunt.transforms.smb.HuntColumns.FILE_NAME;
import static dev.smbhunt.transforms.smb.HuntColumns.PROCESS_COMMAND_LINE;
import static dev.smbhunt.transforms.smb.HuntColumns.SHA1;
import static dev.smbhunt.transforms.smb.HuntColumns.WINDOW_START;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.smbhunt.transforms.kql.Kql;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Stage 5, the result:
 *
 * <pre>
 * serviceNetworkEvents
 * | where SHA1 in ((serviceNetworkEventsWithSHA1 | project SHA1)) or FileName in~ (lolbins)
 * | where ProcessCommandLine !~ "msiexec.exe /V"
 * </pre>
 *
 * The {@code in} is a lookup of each pair's (window, SHA1) in a verdict table: the SHA1 counts,
 * each marked rare or not. That table has one row per (window, SHA1), so no pair is duplicated, and
 * it is small (the distinct hashes of the windows' service starts), so it is broadcast: the wide
 * pairs are neither shuffled nor sorted, which on a hot server (millions of benign pairs, a handful
 * of alerts) was most of the run. Each result row keeps why it passed and its SHA1's pair count, as
 * evidence.
 */
public final class FinalSelection {
  public static final String IS_LOLBIN = "IsLolbin";
  public static final String IS_RARE_UNCERTIFIED = "IsRareUncertifiedSha1";
  public static final String SHA1_PAIR_COUNT = "Sha1PairCount";
  private static final String RARE_WINDOW = "__RareWindowStart";
  private static final String RARE_SHA1 = "__RareSHA1";
  private static final String VERDICT_WINDOW = "__VerdictWindowStart";
  private static final String VERDICT_SHA1 = "__VerdictSHA1";

  private FinalSelection() {}

  /**
   * @param pairs {@link Correlation#filter}'s output
   * @param counts {@link Sha1Prevalence#counts} of the same pairs
   * @param rare {@link Sha1Prevalence#rare}
   */
  public static Dataset<Row> select(
      Dataset<Row> pairs, Dataset<Row> counts, Dataset<Row> rare, RuleParams params) {
    Dataset<Row> rareKeys =
        rare.select(col(WINDOW_START).as(RARE_WINDOW), col(SHA1).as(RARE_SHA1)).distinct();
    // A count is rare when its (window, SHA1) is in the rare set; both sides are unique per key.
    Column countIsRare =
        col(WINDOW_START).equalTo(col(RARE_WINDOW)).and(col(SHA1).equalTo(col(RARE_SHA1)));
    Dataset<Row> verdicts =
        counts
            .join(broadcast(rareKeys), countIsRare, "left")
            .select(
                col(WINDOW_START).as(VERDICT_WINDOW),
                col(SHA1).as(VERDICT_SHA1),
                col(COUNT),
                // SHA1 in ((rare)): a hash, "" included, is rare when it is in the window's rare
                // set.
                coalesce(col(RARE_SHA1).isNotNull(), lit(false)).as(IS_RARE_UNCERTIFIED));

    // A pair takes its own (window, SHA1)'s verdict; every pair has one, as the counts are of these
    // pairs.
    Column sameSha1 =
        col(WINDOW_START).equalTo(col(VERDICT_WINDOW)).and(col(SHA1).equalTo(col(VERDICT_SHA1)));
    Dataset<Row> rated =
        pairs
            .join(broadcast(verdicts), sameSha1, "left")
            .withColumn(IS_RARE_UNCERTIFIED, coalesce(col(IS_RARE_UNCERTIFIED), lit(false)));
    return keep(rated, pairs.columns(), params);
  }

  /**
   * The last two {@code where}s over pairs already rated: {@code rated} holds {@code columns},
   * {@link #IS_RARE_UNCERTIFIED} and {@code count_}. Shared by rule and continuous mode, which
   * differ only in how a pair is rated.
   */
  static Dataset<Row> keep(Dataset<Row> rated, String[] columns, RuleParams params) {
    // FileName in~ (lolbins): ASCII-only case folding, so "CMD.EXE" is Cmd.exe and
    // "Ma\u212Aecab.exe" is not.
    Column isLolbin = Kql.inIgnoreCase(col(FILE_NAME), params.lolbins());
    // !~ is a whole-string compare: "C:\...\msiexec.exe /V" stays; "" (a null command line) stays.
    Column notExcludedCommandLine =
        Kql.notEqualsIgnoreCase(col(PROCESS_COMMAND_LINE), params.excludedCommandLine());

    List<Column> output = new ArrayList<>();
    for (String c : columns) {
      output.add(col(c));
    }
    output.add(col(IS_LOLBIN));
    output.add(col(IS_RARE_UNCERTIFIED));
    output.add(col(COUNT).as(SHA1_PAIR_COUNT));

    return rated
        .withColumn(IS_LOLBIN, isLolbin)
        .filter(col(IS_RARE_UNCERTIFIED).or(col(IS_LOLBIN)).and(notExcludedCommandLine))
        .select(output.toArray(Column[]::new));
  }
}
