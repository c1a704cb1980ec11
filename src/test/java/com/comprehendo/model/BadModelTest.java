package com.comprehendo.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The models of {@code src/test/resources/bad-input/model} (made by its {@code make_bad_models.py}): each
 * wrong in one way an export can be wrong, each told in one line that says what is wrong with it — not
 * "returned 0 tensors" for a tuple, not the input size for an error the model raised itself.
 */
class BadModelTest {

  @TempDir Path dir;

  private Path copy(String name) throws IOException {
    Path target = dir.resolve(name);
    try (InputStream in = BadModelTest.class.getResourceAsStream("/bad-input/model/" + name)) {
      Files.copy(in, target);
    }
    return target;
  }

  private Path model(String stem) throws IOException {
    copy(stem + ".json");
    return copy(stem + ".pt");
  }

  private String refusal(Path file) {
    String message = assertThrows(ModelLoadException.class, () -> TorchScriptClassifier.load(file, Device.cpu())).getMessage();
    assertEquals(1, message.lines().count(), message);
    return message;
  }

  @Test
  void aTupleOutputIsNamedAsATuple() throws IOException {
    String message = refusal(model("tuple-output"));
    assertTrue(message.contains("tuple-output.pt's forward returns a tuple of 2 values"), message);
    assertFalse(message.contains("0 tensors"), message);
  }

  @Test
  void anErrorTheModelRaisesIsQuotedInItsOwnWords() throws IOException {
    String message = refusal(model("raises"));
    assertTrue(message.contains("this model expects 32x32 pictures of cats"), message);
    assertTrue(message.contains("its sidecar raises.json"), message);
  }

  @Test
  void aStateDictAndAPlainZipAreToldApart() throws IOException {
    assertTrue(refusal(copy("state-dict.pt")).contains("was saved with torch.save"));
    String plain = refusal(copy("plain-zip.pt"));
    assertTrue(plain.contains("is a zip archive but not a PyTorch file"), plain);
    assertFalse(plain.contains("torch.save (weights"), plain);
  }

  @Test
  void aModelThatDetachesItsInputLoadsButGradientsSayWhyTheyCannotRun() throws IOException, ModelLoadException {
    try (TorchScriptClassifier model = TorchScriptClassifier.load(model("detaches-input"), Device.cpu());
        NDManager manager = model.manager().newSubManager()) {
      NDArray input = manager.zeros(new Shape(1, 3, 8, 8));
      assertEquals(2, model.forward(input).getShape().get(1), "forward passes work");
      EngineException failure = assertThrows(EngineException.class, () -> model.targetGradients(input, new int[] {0}));
      assertTrue(failure.getMessage().startsWith("the model's output does not depend on its input through autograd"),
          failure.getMessage());
    }
  }

  @Test
  void theModelsOwnErrorLineIsFoundUnderTheInterpretersPreamble() {
    String libtorch = "The following operation failed in the TorchScript interpreter.\n"
        + "Traceback of TorchScript (most recent call last):\n  File \"code/__torch__.py\", line 9, in forward\n"
        + "    _0 = uninitialized(Tensor)\n    ops.prim.RaiseException(\"...\", \"builtins.RuntimeError\")\n"
        + "builtins.RuntimeError: expects 32 pixels\n";
    assertEquals("builtins.RuntimeError: expects 32 pixels", EngineFailures.modelMessage(new EngineException(libtorch)));
    assertEquals("plain failure", EngineFailures.modelMessage(new EngineException("plain failure\nsecond")));
  }
}
