package hepscan.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hepscan.config.Parameters;
import hepscan.config.ParametersLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * parameters/parameters.yaml and its sample list are valid. Their ROOT files are the user's, so the
 * test copies the configuration into a folder with empty placeholder files of the expected names:
 * the full validation (globs, JSON lookups, tags) and the expression parsing run unchanged.
 */
class ShippedParametersTest {
  @TempDir Path dir;

  @Test
  void exampleParametersAreValid() throws Exception {
    for (String f :
        List.of(
            "parameters/parameters.yaml",
            "samples/hh_bbww.yaml",
            "samples/hh_bbww_xsec.json",
            "samples/hh_bbww_event_weight_sum.json")) {
      Files.createDirectories(dir.resolve(f).getParent());
      Files.copy(Path.of(f), dir.resolve(f));
    }
    Path data = Files.createDirectories(dir.resolve("samples/hh_bbww"));
    for (String f :
        List.of(
            "GluGluToHHTo2B2VTo2L2Nu_node_SM",
            "TTTo2L2Nu_part0",
            "TTTo2L2Nu_part1",
            "TTToSemiLeptonic_part0",
            "DYJetsToLL_M-50_part0",
            "DYJetsToLL_M-10to50_part0",
            "DoubleMuon_Run2016B")) {
      Files.createFile(data.resolve(f + ".root"));
    }
    Parameters p = ParametersLoader.load(dir.resolve("parameters/parameters.yaml"), dir);
    assertEquals(List.of("HH", "TT", "DY"), p.classNames());
    assertEquals(19, p.inputs().size());
    assertEquals(
        6077.22,
        p.samples().sample("DY").orElseThrow().files().get(0).xsec(),
        0,
        "DYJetsToLL_M-50_part0 has no xsec entry: the sample key's is used");
    var compiled = DataPreparation.Compiled.of(p); // every expression parses
    assertEquals(true, compiled.oneHot()[18]);
    assertEquals(
        true,
        compiled
            .forSample("DY")
            .variables()
            .contains(new hepscan.data.expr.VariableRef("genWeight", -1)));
  }
}
