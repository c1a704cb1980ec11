package com.comprehendo.attribution;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import java.lang.reflect.Field;
import java.util.Map;

/** Counts what a manager still holds, to prove that a method freed its intermediate arrays. */
final class ManagedArrays {
  private ManagedArrays() {}

  static int count(NDManager manager) {
    try {
      Field field = BaseNDManager.class.getDeclaredField("resources");
      field.setAccessible(true);
      return ((Map<?, ?>) field.get(manager)).size();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
