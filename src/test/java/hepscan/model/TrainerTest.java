package hepscan.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TrainerTest {

  @Test
  void learnsSeparableBinaryToy() {
    TrainingInput in = Toy.input(2000, 4, 2, 3.0, 1);
    TrainingResult r = Trainer.train(in, Toy.hp(), TrainingSettings.plain(7), TrainingListener.NONE);
    try (TrainedModel m = r.model()) {
      System.out.println(r.history());
      System.out.println(r.metrics());
      assertTrue(r.metrics().auc() > 0.99, "AUC " + r.metrics().auc());
      assertEquals(5, r.roundEpochs());
    }
  }
}
