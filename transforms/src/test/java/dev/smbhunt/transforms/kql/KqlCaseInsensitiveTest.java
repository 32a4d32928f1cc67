package dev.smbhunt.transforms.kql;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.smbhunt.transforms.testing.TestSpark;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code =~}, {@code !~} and {@code in~} compare whole strings and fold ASCII letters only
 * (docs/semantics.md: string comparison and nulls, non-ASCII letters). Each case is evaluated by
 * Spark on a one-row DataFrame, as the stages do.
 */
class KqlCaseInsensitiveTest {

  static Stream<Arguments> equalsCases() {
    return Stream.of(
        // The documented example.
        Arguments.of("\"abc\" =~ \"ABC\" (documented)", "abc", "ABC", true),
        Arguments.of("upper-case value", "CMD.EXE", "Cmd.exe", true),
        Arguments.of("mixed-case services.exe", "SeRvIcEs.ExE", "services.exe", true),
        Arguments.of("identical", "services.exe", "services.exe", true),
        Arguments.of("empty equals empty", "", "", true),
        // Whole-string: no substring or prefix match.
        Arguments.of("longer value", "services.exe ", "services.exe", false),
        Arguments.of(
            "value with a path", "C:\\Windows\\System32\\services.exe", "services.exe", false),
        Arguments.of("shorter value", "services", "services.exe", false),
        // Non-ASCII letters are never folded, though Unicode case mapping would equate them.
        Arguments.of("Kelvin sign is not k", "\u212A", "k", false),
        Arguments.of("Kelvin sign is not K", "\u212A", "K", false),
        Arguments.of("dotted capital I is not i", "\u0130", "i", false),
        Arguments.of("dotless i is not I", "\u0131", "I", false),
        Arguments.of("long s is not s", "\u017Fervices.exe", "services.exe", false),
        Arguments.of("E acute is not e acute", "\u00C9", "\u00E9", false),
        Arguments.of("sharp s is not SS", "stra\u00DFe", "STRASSE", false),
        Arguments.of("Kelvin inside a name", "Ma\u212Aecab.exe", "makecab.exe", false),
        // Non-letters compare exactly, including pairs that differ only in the ASCII case bit
        // (0x20).
        Arguments.of("[ is not {", "[", "{", false),
        Arguments.of("@ is not backquote", "@", "`", false),
        Arguments.of("^ is not ~", "^", "~", false),
        Arguments.of("underscore is not hyphen", "a_b", "a-b", false),
        Arguments.of("digits exact", "svc1.exe", "SVC1.EXE", true),
        // A non-ASCII literal still matches itself with its ASCII letters folded: lower() would
        // also fold the E acute, so it must not pre-filter such a literal.
        Arguments.of("non-ASCII literal, exact", "\u00C9", "\u00C9", true),
        Arguments.of("non-ASCII literal, ASCII folded", "\u00C9X.EXE", "\u00C9x.exe", true),
        Arguments.of(
            "non-ASCII literal, its letter not folded", "\u00E9x.exe", "\u00C9x.exe", false));
  }

  @ParameterizedTest(name = "[{index}] {0}: \"{1}\" =~ \"{2}\" is {3}")
  @MethodSource("equalsCases")
  void equalsIgnoreCase(String name, String value, String literal, boolean expected) {
    assertEquals(expected, evaluate(value, v -> Kql.equalsIgnoreCase(v, literal)));
  }

  @ParameterizedTest(name = "[{index}] {0}: \"{1}\" !~ \"{2}\" is not {3}")
  @MethodSource("equalsCases")
  void notEqualsIgnoreCaseIsTheNegation(String name, String value, String literal, boolean equal) {
    assertEquals(!equal, evaluate(value, v -> Kql.notEqualsIgnoreCase(v, literal)));
  }

  static Stream<Arguments> inCases() {
    List<String> lolbinSample = List.of("Cmd.exe", "MpCmdRun.exe", "vbc.exe", "Makecab.exe");
    return Stream.of(
        Arguments.of(
            "\"Abc\" in~ (\"123\",\"345\",\"abc\") (documented)",
            "Abc",
            List.of("123", "345", "abc"),
            true),
        Arguments.of("CMD.EXE in~ (Cmd.exe)", "CMD.EXE", List.of("Cmd.exe"), true),
        Arguments.of("lower-case value, camel-case literal", "mpcmdrun.exe", lolbinSample, true),
        Arguments.of("upper-case value, lower-case literal", "VBC.EXE", lolbinSample, true),
        Arguments.of("not in the list", "notepad.exe", lolbinSample, false),
        Arguments.of("whole string only", "cmd.exe.bak", lolbinSample, false),
        Arguments.of(
            "path is not a file name", "C:\\Windows\\System32\\cmd.exe", lolbinSample, false),
        Arguments.of("Kelvin sign is not k", "Ma\u212Aecab.exe", lolbinSample, false),
        Arguments.of("Kelvin sign alone", "\u212A", List.of("k", "K"), false),
        Arguments.of("dotted capital I", "\u0130", List.of("i"), false),
        Arguments.of("non-ASCII literal is not folded", "\u00E9", List.of("\u00C9"), false),
        Arguments.of("empty value, empty element", "", List.of("", "x"), true),
        Arguments.of("empty value, no empty element", "", lolbinSample, false));
  }

  @ParameterizedTest(name = "[{index}] {0}: \"{1}\" in~ {2} is {3}")
  @MethodSource("inCases")
  void inIgnoreCase(String name, String value, List<String> literals, boolean expected) {
    assertEquals(expected, evaluate(value, v -> Kql.inIgnoreCase(v, literals)));
  }

  @Test
  void literalFoldIsAsciiOnlyAndLocaleFree() {
    // Turkish locale lower-cases 'I' to dotless i; the fold must not.
    assertEquals(
        "cmd.exe i \u0130 \u212A \u00C9 [@]", Kql.asciiLower("CMD.EXE I \u0130 \u212A \u00C9 [@]"));
  }

  private static boolean evaluate(
      String value, java.util.function.Function<Column, Column> predicate) {
    Row row =
        TestSpark.session()
            .createDataFrame(List.of(RowFactory.create(value)), StructType.fromDDL("v STRING"))
            .select(predicate.apply(col("v")))
            .first();
    return row.getBoolean(0);
  }
}
