package hepscan.data.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import hepscan.data.expr.Expression;
import hepscan.data.expr.ExpressionException;
import hepscan.data.expr.VariableRef;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The shipped samples/demo.yaml and parameters/demo.yaml agree with what {@link DemoData} writes:
 * the files, the tags, and every expression reads only branches the demo files have.
 */
class DemoFilesTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> BRANCHES =
      Set.of(
          "lep_pt",
          "lep_eta",
          "jet1_pt",
          "jet2_pt",
          "bjet1_btag",
          "bjet2_btag",
          "m_bb",
          "m_ll",
          "dr_bb",
          "met",
          "n_jets",
          "event_weight");

  /** The demo's array branch (jet_pt[n_jets]): read whole inside array functions only. */
  private static final String ARRAY_BRANCH = "jet_pt";

  @Test
  void sampleListNamesTheGeneratedFilesAndTags() throws IOException {
    JsonNode samples = YAML.readTree(Path.of("samples/demo.yaml").toFile()).get("samples");
    Set<String> files = new HashSet<>();
    for (SampleModel m : DemoModel.samples()) {
      JsonNode s = samples.get(m.name());
      assertEquals(
          List.of(DemoData.RELATIVE_DIR + "/" + m.name() + ".root"),
          texts(s.get("files")),
          m.name());
      assertEquals(DemoData.TREE, s.get("tree").asText());
      assertEquals(m.tag(), s.get("tag").asText());
      assertEquals(
          m.tag().equals(DemoModel.SIGNAL_TAG), s.path("signal").asBoolean(false), m.name());
      files.add(m.name() + ".root");
    }
    assertEquals(DemoModel.samples().size(), samples.size());
    assertTrue(DemoData.files().containsAll(files));
  }

  @Test
  void parametersReadOnlyDemoBranchesAndNameTheDemoFiles() throws IOException, ExpressionException {
    JsonNode p = YAML.readTree(Path.of("parameters/demo.yaml").toFile());
    assertEquals("samples/demo.yaml", p.get("samples").asText());
    assertEquals(DemoData.RELATIVE_DIR + "/" + DemoData.XSEC_JSON, p.get("xsec_json").asText());
    assertEquals(
        DemoData.RELATIVE_DIR + "/" + DemoData.EVENT_WEIGHT_SUM_JSON,
        p.get("event_weight_sum_json").asText());
    assertEquals(
        List.of("$" + DemoModel.SIGNAL_TAG, "$" + DemoModel.BACKGROUND_TAG),
        texts(p.get("outputs")));
    List<String> expressions = new ArrayList<>();
    expressions.add(p.get("cut").asText());
    expressions.add(p.get("weight").asText());
    for (String input : texts(p.get("inputs"))) {
      expressions.add(input.endsWith("@op") ? input.substring(0, input.length() - 3) : input);
    }
    expressions.addAll(texts(p.get("other_variables")));
    for (String text : expressions) {
      for (VariableRef v : Expression.parse(text).variables()) {
        boolean scalar = BRANCHES.contains(v.branch()) && v.index() < 0;
        boolean array = v.branch().equals(ARRAY_BRANCH) && v.elements();
        assertTrue(scalar || array, text + " reads " + v);
      }
    }
    // the Bayes AUC is for all events: the demo cut must keep every generated event
    double[] nJets = {2, 3, 4, 5};
    double[] pass = Expression.parse(p.get("cut").asText()).evaluate(ref -> nJets, 4);
    assertEquals(List.of(1.0, 1.0, 1.0, 1.0), List.of(pass[0], pass[1], pass[2], pass[3]));
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
