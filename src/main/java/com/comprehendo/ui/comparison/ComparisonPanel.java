package com.comprehendo.ui.comparison;

import com.comprehendo.analysis.AttributionResult;
import com.comprehendo.ui.faithfulness.MapFaithfulness;
import com.comprehendo.ui.heatmap.RenderedImage;
import com.comprehendo.ui.service.AttributionKey;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One cell of the comparison grid: what it explains, its state, and its rendered pixels. */
public final class ComparisonPanel {

  private final AttributionKey key;
  private final String title;
  private final String subtitle;
  private final ObjectProperty<AttributionResult> result = new SimpleObjectProperty<>(this, "result");
  private final ObjectProperty<RenderedImage> image = new SimpleObjectProperty<>(this, "image");
  private final StringProperty state = new SimpleStringProperty(this, "state", "Waiting…");
  private final StringProperty scale = new SimpleStringProperty(this, "scale", "");
  private final BooleanProperty estimate = new SimpleBooleanProperty(this, "estimate");
  private final MapFaithfulness faithfulness = new MapFaithfulness();

  public ComparisonPanel(AttributionKey key, String title, String subtitle) {
    this.key = key;
    this.title = title;
    this.subtitle = subtitle;
  }

  public AttributionKey key() {
    return key;
  }

  public String title() {
    return title;
  }

  public String subtitle() {
    return subtitle;
  }

  public ObjectProperty<AttributionResult> resultProperty() {
    return result;
  }

  /** The rendered attribution, or the plain image while it is computed. */
  public ObjectProperty<RenderedImage> imageProperty() {
    return image;
  }

  /** "Waiting…", "Computing…", an estimate's note, "Cancelled", an error, or empty once done. */
  public StringProperty stateProperty() {
    return state;
  }

  /** Whether the result shown is an estimate made on the way (not the requested attribution yet). */
  public BooleanProperty estimateProperty() {
    return estimate;
  }

  /** The map's faithfulness, measured when the comparison's switch is on ({@link FaithfulnessViewModel}). */
  public MapFaithfulness faithfulness() {
    return faithfulness;
  }

  /** The attribution value at full colour, e.g. "full colour at 2.1e-3". */
  public StringProperty scaleProperty() {
    return scale;
  }
}
