package hepscan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HepScanCommandTest {

  @Test
  void helpListsEveryActionAndTheExitCodes() {
    CliRunner r = CliRunner.run("--help");
    assertEquals(0, r.exitCode());
    for (String flag :
        new String[] {
          "--scan", "--csv", "--zip", "--inspect", "--completion", "--parameters", "--device"
        }) {
      assertTrue(r.out().contains(flag), flag + " missing from help:\n" + r.out());
    }
    assertTrue(
        r.out()
            .contains(
                "Exit codes: 0 success, 1 run-time failure, 2 bad usage or bad configuration."));
    assertEquals("", r.err());
  }

  @Test
  void versionComesFromTheBuild() {
    CliRunner r = CliRunner.run("--version");
    assertEquals(0, r.exitCode());
    assertTrue(r.out().startsWith("hepscan " + VersionProvider.version()), r.out());
    assertTrue(
        !VersionProvider.version().contains("${"), "version.properties was not filtered by Maven");
  }

  @Test
  void unknownFlagIsAUsageErrorOnOneLinePlusHint() {
    CliRunner r = CliRunner.run("--scna", "x");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().startsWith("hepscan: Unknown option: '--scna'"), r.err());
    assertTrue(r.err().contains("hepscan --help"), r.err());
    assertEquals("", r.out());
  }

  @Test
  void exactlyOneActionIsRequired() {
    assertEquals(2, CliRunner.run().exitCode());
    CliRunner both = CliRunner.run("--scan", "a", "--csv", "b");
    assertEquals(2, both.exitCode());
    assertTrue(both.err().contains("mutually exclusive"), both.err());
  }

  @Test
  void completionScriptCompletesTheFlags() {
    CliRunner r = CliRunner.run("--completion");
    assertEquals(0, r.exitCode());
    assertTrue(r.out().startsWith("#!/usr/bin/env bash"), r.out());
    assertTrue(
        r.out().contains("complete -F _complete_hepscan"), "no complete command in the script");
    assertTrue(r.out().contains("--scan") && r.out().contains("--inspect"));
  }
}
