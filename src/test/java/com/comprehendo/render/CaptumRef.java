package com.comprehendo.render;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.comprehendo.data.NpyArray;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Captum's reference outputs, copied into the test resources from the shared reference set. */
final class CaptumRef {

  /** The attribution the {@code viz_*} maps were made from, 1×3×64×64. */
  static final String ATTRIBUTION = "tinycnn_ig_gausslegendre_attr.npy";

  private CaptumRef() {}

  static NpyArray load(String name) {
    try (InputStream in = CaptumRef.class.getResourceAsStream("/captum-ref/" + name)) {
      assertNotNull(in, "test resource captum-ref/" + name);
      return NpyArray.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
