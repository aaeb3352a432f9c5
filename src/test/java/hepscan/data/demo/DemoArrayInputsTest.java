package hepscan.data.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hepscan.config.ParametersLoader;
import hepscan.data.DataPreparation;
import hepscan.data.PreparedData;
import hepscan.data.SplitArrays;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped demo reads its leading jet and jet multiplicity through ROOT's array functions on the
 * jagged branch jet_pt[n_jets] ({@code Max$(jet_pt)}, {@code Length$(jet_pt)@op}). Prepared on real
 * demo files, they give exactly the features of their scalar twins ({@code jet1_pt}, {@code
 * n_jets@op}): the Bayes-optimal AUC the demo prints still holds for its inputs.
 */
class DemoArrayInputsTest {
  @TempDir Path project;

  @Test
  void arrayFunctionsOnJetPtGiveTheFeaturesOfTheScalarBranches() throws Exception {
    String shipped = DemoProject.create(project, 4_000);
    assertTrue(shipped.contains("  - Max$(jet_pt)"), "the demo reads Max$(jet_pt)");
    assertTrue(shipped.contains("  - Length$(jet_pt)@op"), "the demo reads Length$(jet_pt)@op");
    String scalar =
        shipped
            .replace("  - Max$(jet_pt)", "  - jet1_pt")
            .replace("  - Length$(jet_pt)@op", "  - n_jets@op")
            .replace("suffix: demo", "suffix: scalar");
    Files.writeString(project.resolve("parameters/demo.yaml"), shipped);
    Files.writeString(project.resolve("parameters/scalar.yaml"), scalar);

    PreparedData arrays = prepare("demo.yaml");
    PreparedData scalars = prepare("scalar.yaml");
    assertEquals(scalars.featureNames().size(), arrays.featureNames().size());
    assertTrue(
        arrays.inputExpressions().contains("Max$(jet_pt)"), arrays.inputExpressions().toString());
    for (String split : new String[] {"training", "evaluation", "output"}) {
      SplitArrays a = split(arrays, split);
      SplitArrays s = split(scalars, split);
      assertEquals(s.nEvents(), a.nEvents(), split);
      assertArrayEquals(s.features(), a.features(), split + " features");
      assertArrayEquals(s.labels(), a.labels(), split + " labels");
      assertArrayEquals(s.weights(), a.weights(), split + " weights");
    }
  }

  private PreparedData prepare(String file) throws Exception {
    var p = ParametersLoader.load(project.resolve("parameters").resolve(file), project);
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    return DataPreparation.prepare(p, project, quiet);
  }

  private static SplitArrays split(PreparedData d, String name) {
    return switch (name) {
      case "training" -> d.training();
      case "evaluation" -> d.evaluation();
      default -> d.output();
    };
  }
}
