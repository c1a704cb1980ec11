package com.comprehendo.ui.explain;

import com.comprehendo.analysis.AttributionResult;
import com.comprehendo.ui.service.AttributionKey;
import com.comprehendo.ui.support.Formats;
import java.util.Locale;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * What the Explain panel shows of a run: the attribution (the result, or a preview or estimate while it
 * is computed), what it is of, and its convergence check in words. Part of {@link AttributionViewModel}.
 */
final class ShownAttribution {

  final ObjectProperty<AttributionResult> result = new SimpleObjectProperty<>(this, "result");
  final ObjectProperty<AttributionKey> key = new SimpleObjectProperty<>(this, "resultKey");
  final StringProperty convergenceText = new SimpleStringProperty(this, "convergenceText", "");
  final BooleanProperty convergenceWarning = new SimpleBooleanProperty(this, "convergenceWarning");
  final BooleanProperty previewing = new SimpleBooleanProperty(this, "previewing");
  /** What the preview or estimate shown is, e.g. "Preview: windows [3, 56, 56]"; empty for a result. */
  private String previewNote = "";

  /** The result for {@code of}, or nothing when {@code value} is null. */
  void result(AttributionKey of, AttributionResult value) {
    previewing.set(false);
    key.set(value == null ? null : of);
    result.set(value);
    Optional<AttributionResult.Convergence> convergence = value == null ? Optional.empty() : value.convergence();
    if (convergence.isEmpty()) {
      convergenceText.set("");
      convergenceWarning.set(false);
      return;
    }
    AttributionResult.Convergence c = convergence.get();
    if (c.samples() > 1) {
      convergenceText.set("max |δ| = " + Formats.value(c.delta()) + " over " + c.samples() + " noisy samples");
    } else if (Double.isNaN(c.relative())) {
      convergenceText.set("δ = " + Formats.signed(c.delta()));
    } else {
      convergenceText.set("δ = " + Formats.signed(c.delta()) + " · "
          + String.format(Locale.ROOT, "%.1f%%", c.relative() * 100) + " of F(x) − F(baseline)");
    }
    convergenceWarning.set(c.warning());
  }

  /** A preview or an estimate in place of the result, until the result comes. */
  void preview(AttributionResult value, String note) {
    previewing.set(true);
    previewNote = note;
    result.set(value);
    convergenceText.set("");
    convergenceWarning.set(false);
  }

  /** The note of the preview shown, or empty when a result (or nothing) is shown. */
  String previewNote() {
    return previewing.get() ? previewNote : "";
  }
}
