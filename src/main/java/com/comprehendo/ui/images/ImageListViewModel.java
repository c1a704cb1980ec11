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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
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
import javafx.collections.transformation.SortedList;

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
  /** What the list shows: the filtered images, in the folder's order or the followed order. */
  private final SortedList<ImageEntry> shown = new SortedList<>(filtered);
  /** Whether the list follows {@link #followOrder}'s set and order (the Dataset grid's) when it has one. */
  private final BooleanProperty followsOrder = new SimpleBooleanProperty(this, "followsOrder", true);
  private Map<Path, Integer> order;
  private Map<Path, Integer> appliedOrder;
  private String appliedNeedle = "";
  private final StringProperty followedDescription = new SimpleStringProperty(this, "followedDescription", "");
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
  private Consumer<ImageEntry> onExplain = entry -> { };

  public ImageListViewModel(TaskExecutor ioExecutor, Notices notices) {
    this.ioExecutor = ioExecutor;
    this.notices = notices;
    filter.addListener((obs, old, text) -> applyOrder());
    followsOrder.addListener((obs, old, value) -> applyOrder());
    summary.bind(Bindings.createStringBinding(this::describe, images, shown, scanning, followsOrder, followedDescription));
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

  /**
   * The images the list shows, in its order: those matching {@link #filterProperty()}, and, while the
   * list follows the Dataset grid, only the grid's (when it filters) in the grid's order.
   */
  public ObservableList<ImageEntry> filteredImages() {
    return shown;
  }

  /**
   * The set and order to follow, the filtered Dataset grid's: the list shows only these images, in this
   * order, so the sidebar and the grid agree on what comes next. Null: the folder by name.
   *
   * @param paths the images in order
   * @param description what the order is, e.g. "28 mispredicted · Top losses"
   */
  public void followOrder(List<Path> paths, String description) {
    if (paths == null) {
      order = null;
    } else {
      order = new HashMap<>(paths.size() * 2);
      for (int i = 0; i < paths.size(); i++) {
        order.putIfAbsent(paths.get(i), i);
      }
    }
    followedDescription.set(paths == null || description == null ? "" : description);
    applyOrder();
  }

  /** Whether the list follows the Dataset grid's set and order (on by default); off: the folder by name. */
  public BooleanProperty followsOrderProperty() {
    return followsOrder;
  }

  /** The order there is to follow, e.g. "28 mispredicted · Top losses"; empty while there is none. */
  public ReadOnlyStringProperty followedOrderProperty() {
    return followedDescription;
  }

  private void applyOrder() {
    String text = filter.get();
    String needle = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    Map<Path, Integer> followed = followsOrder.get() ? order : null;
    if (followed == null && appliedOrder == null && needle.equals(appliedNeedle)) {
      return; // unchanged: a new predicate would re-list every image (and the list view drop its selection)
    }
    appliedOrder = followed;
    appliedNeedle = needle;
    filtered.setPredicate(entry -> (needle.isEmpty() || entry.relativePath().toLowerCase(Locale.ROOT).contains(needle))
        && (followed == null || followed.containsKey(entry.path())));
    // The new predicate is applied while the last comparator still sorts: that one must take images it
    // has no place for (before: a NullPointerException in the list's listener whenever the grid grew).
    shown.setComparator(followed == null ? null
        : Comparator.comparingInt(entry -> followed.getOrDefault(entry.path(), Integer.MAX_VALUE)));
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
    order = null; // a new folder: by name until its dataset has predictions
    followedDescription.set("");
    filter.set("");
    images.setAll(entries);
    applyOrder();
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
    int index = shown.indexOf(unreadable);
    if (index < 0 || index + 1 >= shown.size()) {
      return false;
    }
    openingSkips++;
    openingChoice = shown.get(index + 1);
    selected.set(openingChoice);
    return true;
  }

  /** What a double-click on an image does besides selecting it: the main view-model shows Explain. */
  public void setOnExplain(Consumer<ImageEntry> action) {
    onExplain = action == null ? entry -> { } : action;
  }

  /** Selects {@code entry} and shows its explanation (a double-click or Enter in the list). */
  public void explain(ImageEntry entry) {
    if (entry != null) {
      selected.set(entry);
      onExplain.accept(entry);
    }
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
    if (shown.isEmpty()) {
      return;
    }
    int index = shown.indexOf(selected.get());
    int next = index < 0 ? 0 : Math.max(0, Math.min(shown.size() - 1, index + step));
    selected.set(shown.get(next));
  }

  private String describe() {
    if (scanning.get() && images.isEmpty()) {
      return "Scanning…";
    }
    String total = Formats.count(images.size()) + (images.size() == 1 ? " image" : " images");
    String count = shown.size() == images.size() ? total : Formats.count(shown.size()) + " of " + total;
    String followed = followsOrder.get() ? followedDescription.get() : "";
    return followed.isEmpty() ? count : count + " · as the Dataset grid: " + followed;
  }
}
