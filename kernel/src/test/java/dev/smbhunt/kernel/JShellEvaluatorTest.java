package dev.smbhunt.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JShellEvaluatorTest {
  private static JShellEvaluator shell;

  @BeforeAll
  static void start() {
    shell = new JShellEvaluator(List.of("int base = 40;"));
  }

  @AfterAll
  static void stop() {
    shell.close();
  }

  @Test
  void aCellOfSeveralSnippetsReturnsTheLastValueAndKeepsState() {
    assertEquals("42", shell.eval("int a = base + 1;\nint b = a + 1;\nb"));
    assertEquals("\"x\"", shell.eval("String s = \"x\"; s"));
    assertNull(shell.eval("void f() { }\nf();"));
  }

  @Test
  void cellsSeeTheProjectClasspathInThisJvm() {
    // The same class object, not a copy in a remote JVM: this is what lets cells reach the kernel.
    assertEquals(
        "true",
        shell.eval(
            "dev.smbhunt.kernel.Show.class.getClassLoader() == ClassLoader.getSystemClassLoader()"));
    assertEquals(
        "\"services.exe\"",
        shell.eval(
            "new dev.smbhunt.transforms.smb.RuleParams(\"services.exe\", \"x\", 3600, 0, 10, 60, 100,"
                + " java.util.List.of(), \"m\").servicesProcess()"));
  }

  @Test
  void aCompileErrorNamesTheProblemAndStopsTheCell() {
    CellException e =
        assertThrows(
            CellException.class, () -> shell.eval("int c = 1;\nint d = nope;\nint e = 2;"));
    assertEquals("compilation failed", e.getMessage());
    assertTrue(String.join("\n", e.lines()).contains("nope"), e.lines().toString());
    assertThrows(CellException.class, () -> shell.eval("e"));
  }

  @Test
  void anExceptionInACellIsReportedWithItsType() {
    CellException e =
        assertThrows(CellException.class, () -> shell.eval("Object o = null;\no.toString();"));
    assertTrue(e.getMessage().startsWith("java.lang.NullPointerException"), e.getMessage());
  }

  @Test
  void completenessFollowsJupyterWords() {
    assertEquals("complete", shell.completeness("int z = 1;"));
    assertEquals("incomplete", shell.completeness("void g() {"));
  }
}
