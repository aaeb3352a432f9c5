package hepscan.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalTextTest {
  @Test
  void numbersHaveOneSpelling() {
    assertEquals("0.001", CanonicalText.value(1e-3));
    assertEquals("64", CanonicalText.value(64.0));
    assertEquals("64", CanonicalText.value(64));
    assertEquals("64", CanonicalText.value(64L));
    assertEquals("1000000", CanonicalText.value(1e6));
    assertEquals("0.00000001", CanonicalText.value(1e-8));
    assertEquals("relu", CanonicalText.value("relu"));
  }

  @Test
  void fieldsAreSortedSoInsertionOrderDoesNotMatter() {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("lr", 1.0e-3);
    a.put("batch_size", 128.0);
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("batch_size", 128);
    b.put("lr", 0.001);
    assertEquals("batch_size=128;lr=0.001;", CanonicalText.of(a));
    assertEquals(CanonicalText.of(a), CanonicalText.of(b));
  }
}
