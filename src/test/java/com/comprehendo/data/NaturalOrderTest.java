package com.comprehendo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NaturalOrderTest {

  @Test
  void numbersCompareByValueAndLettersIgnoreCase() {
    List<String> names = new ArrayList<>(List.of("img10.jpg", "IMG3.jpg", "img2.jpg", "img02b.jpg", "a/z.png"));
    names.sort(NaturalOrder.COMPARATOR);
    assertEquals(List.of("a/z.png", "img2.jpg", "img02b.jpg", "IMG3.jpg", "img10.jpg"), names);
  }

  @Test
  void leadingZerosAndPrefixes() {
    assertEquals(0, NaturalOrder.compare("x007", "x7"), "the same number");
    assertEquals(0, NaturalOrder.compare("x000", "x0"));
    assertTrue(NaturalOrder.compare("cat", "cat_1") < 0, "a prefix comes first");
    assertTrue(NaturalOrder.compare("9", "10") < 0);
    assertTrue(NaturalOrder.compare("99999999999999999999", "100000000000000000000") < 0, "beyond long");
  }
}
