package com.comprehendo.ui.gallery;

import atlantafx.base.controls.Popover;
import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import com.comprehendo.ui.parameters.ParameterEditor;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * The gallery's method settings under the gear: the Explain panel's parameter editor for the gallery's
 * method, the one-line reason a value is refused, the edited settings' cost for the whole grid, Reset
 * and Apply. Binds to {@link GallerySettingsViewModel} only.
 */
final class GallerySettingsPopover {

  private GallerySettingsPopover() {}

  /** The gear button that opens the settings, for the gallery's row. */
  static Button button(GalleryViewModel gallery) {
    GallerySettingsViewModel settings = gallery.settingsEditor();
    Button gear = new Button(null, new FontIcon(Material2MZ.SETTINGS));
    gear.setId(GalleryIds.SETTINGS);
    gear.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL);
    Tooltip tip = new Tooltip();
    // At 1024 px the row has no room left for the cost beside the gear: the tooltip says it too.
    tip.textProperty().bind(Bindings.createStringBinding(
        () -> "The method's parameters" + (settings.appliedTextProperty().get().isEmpty() ? ""
            : ", now: " + settings.appliedTextProperty().get() + "\n" + gallery.costTextProperty().get()),
        settings.appliedTextProperty(), gallery.costTextProperty()));
    gear.setTooltip(tip);
    gear.disableProperty().bind(gallery.sessionProperty().isNull());
    Popover popover = new Popover();
    popover.setArrowLocation(Popover.ArrowLocation.TOP_LEFT);
    popover.setDetachable(false);
    popover.setHeaderAlwaysVisible(true);
    popover.setAnimated(false);
    popover.setFadeOutDuration(Duration.ZERO);
    popover.titleProperty().bind(Bindings.createStringBinding(
        () -> GalleryControls.displayName(gallery.methodProperty().get()) + " for the gallery",
        gallery.methodProperty()));
    popover.setContentNode(content(settings, popover::hide));
    gear.setOnAction(e -> {
      if (popover.isShowing()) {
        popover.hide();
        return;
      }
      settings.load(); // edits left unapplied last time are dropped: the fields say what the tiles show
      popover.show(gear);
    });
    return gear;
  }

  private static Node content(GallerySettingsViewModel settings, Runnable close) {
    ParameterEditor editor = new ParameterEditor(settings.parameters());

    Label validation = ParameterEditor.validationLabel(settings.validationMessageProperty());
    validation.setId(GalleryIds.SETTINGS_MESSAGE);

    Label cost = ParameterEditor.costLabel(GalleryIds.SETTINGS_COST, settings.costTextProperty());
    cost.visibleProperty().bind(settings.costTextProperty().isNotEmpty());
    cost.managedProperty().bind(cost.visibleProperty());

    Button reset = new Button("Reset", new FontIcon(Material2MZ.SETTINGS_BACKUP_RESTORE));
    reset.setId(GalleryIds.SETTINGS_RESET);
    reset.setTooltip(new Tooltip("Back to the gallery's own settings for this method (IG: 16 steps), applied at once"));
    reset.setOnAction(e -> settings.reset());
    Button apply = new Button("Apply", new FontIcon(Material2AL.CHECK));
    apply.setId(GalleryIds.SETTINGS_APPLY);
    apply.getStyleClass().add(Styles.ACCENT);
    apply.setDefaultButton(true);
    apply.setTooltip(new Tooltip("Compute the gallery's heat maps again with these settings"));
    apply.disableProperty().bind(settings.canApplyProperty().not());
    apply.setOnAction(e -> settings.apply(close));
    HBox buttons = new HBox(8, reset, new Spacer(), apply);
    buttons.setAlignment(Pos.CENTER_LEFT);

    VBox content = new VBox(10, editor, validation, cost, buttons);
    content.setId(GalleryIds.SETTINGS_PANEL);
    content.setPrefWidth(380);
    content.setMaxWidth(380);
    return content;
  }
}
