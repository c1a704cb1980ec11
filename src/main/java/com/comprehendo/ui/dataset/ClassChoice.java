package com.comprehendo.ui.dataset;

/**
 * An entry of the grid's class filters: any class, or one of the model's classes.
 *
 * @param index the class index, or {@link #ANY_INDEX}
 * @param label what the chooser shows
 */
public record ClassChoice(int index, String label) {

  /** The index that stands for "any class". */
  public static final int ANY_INDEX = -1;

  /** No filter by this class. */
  public static final ClassChoice ANY = new ClassChoice(ANY_INDEX, "Any");

  public boolean isAny() {
    return index == ANY_INDEX;
  }

  /** Whether class {@code classIndex} passes this filter. */
  public boolean accepts(int classIndex) {
    return isAny() || index == classIndex;
  }

  @Override
  public String toString() {
    return label;
  }
}
