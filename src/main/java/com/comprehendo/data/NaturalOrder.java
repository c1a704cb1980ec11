package com.comprehendo.data;

import java.util.Comparator;

/**
 * File names in the order file managers list them: "img2" before "img10", letters without regard to
 * case. The explorer's image list and the dataset grid's "File name" order both use it.
 *
 * <pre>{@code
 * names.sort(NaturalOrder.COMPARATOR); // [img2.jpg, IMG3.jpg, img10.jpg]
 * }</pre>
 */
public final class NaturalOrder {

  /** {@link #compare} as a comparator. */
  public static final Comparator<String> COMPARATOR = NaturalOrder::compare;

  private NaturalOrder() {}

  /** Orders runs of digits by their value (leading zeros aside), everything else by lower-case character. */
  public static int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char ca = a.charAt(i);
      char cb = b.charAt(j);
      if (Character.isDigit(ca) && Character.isDigit(cb)) {
        int si = i;
        int sj = j;
        while (i < a.length() && Character.isDigit(a.charAt(i))) {
          i++;
        }
        while (j < b.length() && Character.isDigit(b.charAt(j))) {
          j++;
        }
        String na = withoutLeadingZeros(a, si, i);
        String nb = withoutLeadingZeros(b, sj, j);
        int byLength = Integer.compare(na.length(), nb.length());
        if (byLength != 0) {
          return byLength;
        }
        int byDigits = na.compareTo(nb);
        if (byDigits != 0) {
          return byDigits;
        }
      } else {
        int byChar = Character.compare(Character.toLowerCase(ca), Character.toLowerCase(cb));
        if (byChar != 0) {
          return byChar;
        }
        i++;
        j++;
      }
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /** The digits a[start, end) without leading zeros (one zero stays for "000"); no regex: sorts run it n log n times. */
  private static String withoutLeadingZeros(String text, int start, int end) {
    int first = start;
    while (first < end - 1 && text.charAt(first) == '0') {
      first++;
    }
    return text.substring(first, end);
  }
}
