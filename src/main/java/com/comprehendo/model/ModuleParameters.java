package com.comprehendo.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The parameters of a TorchScript module, overwritten in place for the randomization sanity check.
 *
 * <p>Checked, not assumed: {@link PtSymbolBlock#getDirectParameters()} hands out the module's own
 * tensors (named as {@code named_parameters()} names them, e.g. {@code features.8.weight}), and an
 * indexed {@code set} on them writes into the module's storage: the next forward uses the new values
 * (ModuleParametersTest). The weights are frozen at load ({@code requires_grad} false), which is what
 * allows writing into them. Buffers (BatchNorm's running statistics) are not parameters and stay.
 * The loaded values are copied on first change so that {@link #restore()} can put them back.
 */
final class ModuleParameters {

  private final PtSymbolBlock block;
  private final NDManager manager;
  private final Map<String, List<Pair<String, NDArray>>> groups = new LinkedHashMap<>();
  private final Map<String, NDArray> originals = new LinkedHashMap<>();

  ModuleParameters(PtSymbolBlock block, NDManager manager) {
    this.block = block;
    this.manager = manager;
    for (Pair<String, Parameter> parameter : block.getDirectParameters()) {
      String name = parameter.getKey();
      int dot = name.lastIndexOf('.');
      String group = dot < 0 ? "" : name.substring(0, dot);
      groups.computeIfAbsent(group, key -> new ArrayList<>()).add(new Pair<>(name, parameter.getValue().getArray()));
    }
  }

  List<String> groups() {
    return List.copyOf(groups.keySet());
  }

  synchronized void randomize(String group, long seed) {
    List<Pair<String, NDArray>> members = groups.get(group);
    if (members == null) {
      throw new IllegalArgumentException("the model has no parameters named " + group + ".* (its modules: "
          + String.join(", ", groups.keySet()) + ")");
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (Pair<String, NDArray> member : members) {
      NDArray array = member.getValue();
      NDArray original = originals.computeIfAbsent(member.getKey(), name -> {
        NDArray copy = array.duplicate();
        copy.attach(manager);
        return copy;
      });
      float[] loaded = original.toFloatArray();
      double squares = 0;
      for (float v : loaded) {
        squares += (double) v * v;
      }
      double rms = loaded.length == 0 ? 0 : Math.sqrt(squares / loaded.length);
      float[] values = new float[loaded.length];
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) (random.nextGaussian() * rms);
      }
      try (NDManager scratch = manager.newSubManager()) {
        array.set(new NDIndex(":"), scratch.create(values, array.getShape()).toType(array.getDataType(), false));
      }
    }
  }

  synchronized void restore() {
    for (List<Pair<String, NDArray>> members : groups.values()) {
      for (Pair<String, NDArray> member : members) {
        NDArray original = originals.get(member.getKey());
        if (original != null) {
          member.getValue().set(new NDIndex(":"), original);
        }
      }
    }
  }
}
