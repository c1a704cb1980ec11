package com.comprehendo.ui.images;

import com.comprehendo.ui.support.DatasetLookup;
import com.comprehendo.ui.support.Formats;
import com.comprehendo.ui.support.ImageEntry;
import com.comprehendo.ui.support.ImageFolder;
import com.comprehendo.ui.support.Notices;
import com.comprehendo.ui.task.BackgroundTask;
import com.comprehendo.ui.task.TaskExecutor;
import com.comprehendo.ui.task.TaskHandle;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The sidebar's list of images: scans the opened folder in the background, filters by name, and holds
 * the selection that drives the rest of the explorer. Once the dataset browser has labels and
 * predictions, {@link #lookupProperty()} gives them to the list's cells.
 */
public final class ImageListViewModel {

  private final TaskExecutor ioExecutor;
  private final Notices notices;
  private final ObservableList<ImageEntry> images = FXCollections.observableArrayList();
  private final FilteredList<ImageEntry> filtered = new FilteredList<>(images, entry -> true);
  private final StringProperty filter = new SimpleStringProperty(this, "filter", "");
  private final ObjectProperty<ImageEntry> selected = new SimpleObjectProperty<>(this, "selected");
  /** The image the last folder opened on, while the user has not chosen another; null after. */
  private ImageEntry openingChoice;
  private int openingSkips;
  /** Unreadable images skipped at most when a folder opens. */
  static final int MAX_OPENING_SKIPS = 20;
  private final ObjectProperty<Path> folder = new SimpleObjectProperty<>(this, "folder");
  private final BooleanProperty scanning = new SimpleBooleanProperty(this, "scanning");
  private final StringProperty summary = new SimpleStringProperty(this, "summary", "");
  private final ObjectProperty<DatasetLookup> lookup = new SimpleObjectProperty<>(this, "lookup", DatasetLookup.EMPTY);
  private TaskHandle scan = TaskHandle.NONE;

  public ImageListViewModel(TaskExecutor ioExecutor, Notices notices) {
    this.ioExecutor = ioExecutor;
    this.notices = notices;
    filter.addListener((obs, old, text) -> {
      String needle = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
      filtered.setPredicate(needle.isEmpty() ? entry -> true
          : entry -> entry.relativePath().toLowerCase(Locale.ROOT).contains(needle));
    });
    summary.bind(Bindings.createStringBinding(this::describe, images, filtered, scanning));
    selected.addListener((obs, old, entry) -> {
      if (entry != null && !entry.equals(openingChoice)) {
        openingChoice = null; // the user chose: their unreadable image stays shown with its message
      }
    });
  }

  /** Every image found. */
  public ObservableList<ImageEntry> images() {
    return images;
  }

  /** The images matching {@link #filterProperty()}, as the list shows them. */
  public ObservableList<ImageEntry> filteredImages() {
    return filtered;
  }

  public StringProperty filterProperty() {
    return filter;
  }

  public ObjectProperty<ImageEntry> selectedProperty() {
    return selected;
  }

  public ReadOnlyObjectProperty<Path> folderProperty() {
    return folder;
  }

  /** The dataset's labels and predictions per image, shown beside each image; bound by the main view-model. */
  public ObjectProperty<DatasetLookup> lookupProperty() {
    return lookup;
  }

  public ReadOnlyBooleanProperty scanningProperty() {
    return scanning;
  }

  /** E.g. "1,204 images" or "12 of 1,204 images". */
  public ReadOnlyStringProperty summaryProperty() {
    return summary;
  }

  /**
   * Lists the images below {@code root} and selects {@code toSelect} (or the first image).
   *
   * @param toSelect an image to select once listed; may be null
   */
  public void open(Path root, Path toSelect) {
    scan.cancel();
    scanning.set(true);
    Path normalizedRoot = root.toAbsolutePath().normalize();
    scan = ioExecutor.execute(
        BackgroundTask.of("Scanning " + root.getFileName(), context -> ImageFolder.scan(normalizedRoot, context::isCancelled))
            .onSuccess(entries -> show(normalizedRoot, entries, toSelect))
            .onFailure(error -> notices.error("Cannot open the folder " + root.getFileName(), error))
            .onFinished(() -> scanning.set(false)));
  }

  private void show(Path root, List<ImageEntry> entries, Path toSelect) {
    filter.set("");
    images.setAll(entries);
    folder.set(root);
    if (entries.isEmpty()) {
      selected.set(null);
      notices.warning("No images in " + root.getFileName(),
          "Comprehendo lists " + String.join(", ", ImageFolder.EXTENSIONS.stream().sorted().toList())
              + " files in the folder and its subfolders.");
      return;
    }
    Path wanted = toSelect == null ? null : toSelect.toAbsolutePath().normalize();
    ImageEntry choice = entries.stream().filter(e -> Objects.equals(e.path(), wanted)).findFirst().orElse(null);
    openingChoice = choice == null ? entries.get(0) : null;
    openingSkips = 0;
    selected.set(choice == null ? entries.get(0) : choice);
  }

  /**
   * When {@code unreadable} is the image the folder opened on (chosen by Comprehendo, not the user),
   * selects the next one instead, so a folder opens on its first readable image; at most {@link
   * #MAX_OPENING_SKIPS} times, so a folder of broken files stops on one with its message.
   *
   * @return whether another image was selected
   */
  public boolean skipUnreadableOpening(ImageEntry unreadable) {
    if (unreadable == null || !unreadable.equals(openingChoice) || !unreadable.equals(selected.get())
        || openingSkips >= MAX_OPENING_SKIPS) {
      return false;
    }
    int index = filtered.indexOf(unreadable);
    if (index < 0 || index + 1 >= filtered.size()) {
      return false;
    }
    openingSkips++;
    openingChoice = filtered.get(index + 1);
    selected.set(openingChoice);
    return true;
  }

  /** Moves the selection down the filtered list. */
  public void selectNext() {
    move(1);
  }

  /** Moves the selection up the filtered list. */
  public void selectPrevious() {
    move(-1);
  }

  private void move(int step) {
    if (filtered.isEmpty()) {
      return;
    }
    int index = filtered.indexOf(selected.get());
    int next = index < 0 ? 0 : Math.max(0, Math.min(filtered.size() - 1, index + step));
    selected.set(filtered.get(next));
  }

  private String describe() {
    if (scanning.get() && images.isEmpty()) {
      return "Scanning…";
    }
    String total = Formats.count(images.size()) + (images.size() == 1 ? " image" : " images");
    return filtered.size() == images.size() ? total : Formats.count(filtered.size()) + " of " + total;
  }
}
