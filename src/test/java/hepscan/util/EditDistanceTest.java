package hepscan.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EditDistanceTest {
  @Test
  void countsInsertionsDeletionsAndSubstitutions() {
    assertEquals(0, EditDistance.levenshtein("sqrt", "sqrt"));
    assertEquals(1, EditDistance.levenshtein("sqr", "sqrt")); // insertion
    assertEquals(1, EditDistance.levenshtein("ratioss", "ratios")); // deletion
    assertEquals(1, EditDistance.levenshtein("seed", "sees")); // substitution
    assertEquals(3, EditDistance.levenshtein("kitten", "sitting")); // the textbook case
    assertEquals(5, EditDistance.levenshtein("", "hello"));
  }
}
