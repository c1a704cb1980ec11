package com.comprehendo.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Tells a TorchScript archive from the files users mistake for one, before libtorch sees them, so the
 * user gets an explanation instead of a C++ stack trace.
 */
final class ModelFileSniffer {

  static final String HOW_TO_EXPORT =
      "Export a TorchScript file in Python: model.eval(); torch.jit.trace(model, example_input).save(\"model.pt\") "
          + "(fastai: use learn.model), or run tools/export_for_comprehendo.py.";

  private ModelFileSniffer() {}

  /** Throws with a user-facing explanation unless {@code file} looks like a TorchScript archive. */
  static void requireTorchScript(Path file) throws ModelLoadException {
    if (!Files.exists(file)) {
      throw new ModelLoadException("model file not found: " + file);
    }
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new ModelLoadException("cannot read the model file " + file + " (not a readable file)");
    }
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(4);
    } catch (IOException e) {
      throw new ModelLoadException("cannot read the model file " + file + ": " + e.getMessage(), e);
    }
    if (head.length == 0) {
      throw new ModelLoadException(file + " is empty (0 bytes), not a TorchScript model. " + HOW_TO_EXPORT);
    }
    if ((head[0] & 0xFF) == 0x80) {
      throw new ModelLoadException(
          file.getFileName()
              + " is a Python pickle (for example a fastai learn.export() .pkl or an old torch.save file), "
              + "which only Python can load. " + HOW_TO_EXPORT);
    }
    boolean zip = head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
    if (!zip) {
      throw new ModelLoadException(
          file.getFileName() + " is not a TorchScript archive (TorchScript files are zip archives). " + HOW_TO_EXPORT);
    }
    List<String> entries = entryNames(file);
    if (entries.stream().noneMatch(name -> name.contains("/code/") || name.endsWith("/constants.pkl"))) {
      // torch.save's zip format holds <name>/data.pkl (and tensors under data/); any other zip is not PyTorch's.
      boolean savedByTorch = entries.stream().anyMatch(name -> name.endsWith("/data.pkl") || name.equals("data.pkl"));
      throw new ModelLoadException(file.getFileName() + (savedByTorch
          ? " was saved with torch.save (weights or a pickled module) and holds no TorchScript code. "
          : " is a zip archive but not a PyTorch file (no TorchScript code, no torch.save data). ")
          + HOW_TO_EXPORT);
    }
  }

  private static List<String> entryNames(Path file) throws ModelLoadException {
    // ZipFile reads the central directory; ZipInputStream rejects the stored entries with data
    // descriptors that PyTorch's writer produces.
    try (ZipFile zip = new ZipFile(file.toFile())) {
      return zip.stream().map(ZipEntry::getName).toList();
    } catch (IOException e) {
      throw new ModelLoadException(
          file.getFileName() + " is a damaged zip archive (" + e.getMessage() + "), not a usable TorchScript file.", e);
    }
  }
}
