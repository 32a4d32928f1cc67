package dev.smbhunt.transforms.kql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Join output names follow the language service's {@code MakeColumnNamesUnique} (docs/semantics.md:
 * join output column names): every original name is reserved first, then each later duplicate gets
 * the smallest free numeric suffix.
 */
class KqlJoinNamesTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        // The example in MakeColumnNamesUnique's own comment: "[c, c, c1] will map to [c, c2, c1]
        // not [c, c1, c11]".
        Arguments.of(
            "code-comment example", List.of("c"), List.of("c", "c1"), List.of("c", "c2", "c1")),
        // join-operator.md's Returns table.
        Arguments.of(
            "documented inner-join output",
            List.of("Key", "Value1"),
            List.of("Key", "Value2"),
            List.of("Key", "Value1", "Key1", "Value2")),
        Arguments.of(
            "no clash keeps names",
            List.of("a", "b"),
            List.of("c", "d"),
            List.of("a", "b", "c", "d")),
        Arguments.of(
            "suffix taken on the left", List.of("a", "a1"), List.of("a"), List.of("a", "a1", "a2")),
        Arguments.of(
            "suffix appended, digits not stripped",
            List.of("c1"),
            List.of("c1"),
            List.of("c1", "c11")),
        Arguments.of(
            "summarize make_set(y), make_set(y)",
            List.of("set_y"),
            List.of("set_y"),
            List.of("set_y", "set_y1")),
        Arguments.of(
            "right name reserved before renaming",
            List.of("x", "y"),
            List.of("x", "x1", "y"),
            List.of("x", "y", "x2", "x1", "y1")),
        Arguments.of(
            "the rule's InitiatingProcessSHA1",
            List.of("InitiatingProcessSHA1"),
            List.of("SHA1", "InitiatingProcessSHA1"),
            List.of("InitiatingProcessSHA1", "SHA1", "InitiatingProcessSHA11")));
  }

  @ParameterizedTest(name = "[{index}] {0}: {1} + {2} -> {3}")
  @MethodSource("cases")
  void outputColumns(String name, List<String> left, List<String> right, List<String> expected) {
    assertEquals(expected, KqlJoinNames.outputColumns(left, right));
  }
}
