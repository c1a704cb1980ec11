package com.comprehendo.ui.heatmap;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Point2D;
import javafx.scene.Cursor;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.Region;
import javafx.scene.shape.Rectangle;

/**
 * An image that fits its area, zooms around the mouse (wheel or buttons) and pans by dragging, and
 * reports which image pixel is under the mouse.
 *
 * <p>Small attribution maps (224², 64²) are shown enlarged: smoothing is on while a pixel covers fewer
 * than four screen pixels and off beyond, so zooming in shows the attribution's real pixels.
 */
public final class ZoomableImageView extends Region {

  /** Receives the image pixel under the mouse, or (-1, -1) when it leaves the image. */
  @FunctionalInterface
  public interface HoverListener {
    void onHover(int x, int y);
  }

  private static final double MIN_SCALE = 0.1;
  private static final double MAX_SCALE = 64;
  private static final double ZOOM_STEP = 1.25;
  private static final double FIT_MARGIN = 24;

  private final ImageView view = new ImageView();
  private final ObjectProperty<Image> image = new SimpleObjectProperty<>(this, "image");
  private final DoubleProperty scale = new SimpleDoubleProperty(this, "scale", 1);
  private final BooleanProperty fitting = new SimpleBooleanProperty(this, "fitting", true);
  private double offsetX;
  private double offsetY;
  private double dragX;
  private double dragY;
  private HoverListener hoverListener = (x, y) -> {};

  public ZoomableImageView() {
    view.setPreserveRatio(false);
    view.setManaged(false);
    getChildren().add(view);
    Rectangle clip = new Rectangle();
    clip.widthProperty().bind(widthProperty());
    clip.heightProperty().bind(heightProperty());
    setClip(clip);
    image.addListener((obs, old, value) -> {
      view.setImage(value);
      boolean sizeChanged = old == null || value == null
          || old.getWidth() != value.getWidth() || old.getHeight() != value.getHeight();
      if (sizeChanged) {
        fit();
      } else {
        requestLayout();
      }
    });
    scale.addListener(obs -> view.setSmooth(scale.get() < 4));
    setOnScroll(event -> {
      if (image.get() == null || event.getDeltaY() == 0) {
        return;
      }
      zoomAt(event.getDeltaY() > 0 ? ZOOM_STEP : 1 / ZOOM_STEP, event.getX(), event.getY());
      event.consume();
    });
    setOnMousePressed(event -> {
      if (event.getButton() == MouseButton.PRIMARY) {
        dragX = event.getX();
        dragY = event.getY();
        setCursor(Cursor.CLOSED_HAND);
      }
    });
    setOnMouseDragged(event -> {
      if (event.getButton() == MouseButton.PRIMARY && image.get() != null) {
        panBy(event.getX() - dragX, event.getY() - dragY);
        dragX = event.getX();
        dragY = event.getY();
      }
      reportHover(event.getX(), event.getY());
    });
    setOnMouseReleased(event -> setCursor(Cursor.DEFAULT));
    setOnMouseMoved(event -> reportHover(event.getX(), event.getY()));
    setOnMouseExited(event -> hoverListener.onHover(-1, -1));
    setOnMouseClicked(event -> {
      if (event.getClickCount() == 2) {
        fit();
      }
    });
  }

  public ObjectProperty<Image> imageProperty() {
    return image;
  }

  /** Screen pixels per image pixel. */
  public ReadOnlyDoubleProperty scaleProperty() {
    return scale;
  }

  /** Whether the view follows its size, fitting the image (until the user zooms or pans). */
  public BooleanProperty fittingProperty() {
    return fitting;
  }

  public void setOnHover(HoverListener listener) {
    hoverListener = listener == null ? (x, y) -> {} : listener;
  }

  /** Fits the whole image into the view, centred. */
  public void fit() {
    fitting.set(true);
    // At once, not at the next layout pass: until then the zoom label and the next zoom step read the
    // old scale (and a hidden tab is not laid out at all).
    applyFit();
    place();
  }

  /** Zooms in around the centre. */
  public void zoomIn() {
    zoomAt(ZOOM_STEP, getWidth() / 2, getHeight() / 2);
  }

  /** Zooms out around the centre. */
  public void zoomOut() {
    zoomAt(1 / ZOOM_STEP, getWidth() / 2, getHeight() / 2);
  }

  /** Multiplies the scale by {@code factor}, keeping the image point under (x, y) in place. */
  public void zoomAt(double factor, double x, double y) {
    if (image.get() == null) {
      return;
    }
    double old = scale.get();
    double next = Math.max(MIN_SCALE, Math.min(MAX_SCALE, old * factor));
    double imageX = (x - offsetX) / old;
    double imageY = (y - offsetY) / old;
    fitting.set(false);
    scale.set(next);
    offsetX = x - imageX * next;
    offsetY = y - imageY * next;
    place();
  }

  /** Moves the image by (dx, dy) screen pixels. */
  public void panBy(double dx, double dy) {
    fitting.set(false);
    offsetX += dx;
    offsetY += dy;
    place();
  }

  /** The image pixel at view coordinates (x, y), or null outside the image. */
  public Point2D imagePixelAt(double x, double y) {
    Image current = image.get();
    if (current == null) {
      return null;
    }
    double px = Math.floor((x - offsetX) / scale.get());
    double py = Math.floor((y - offsetY) / scale.get());
    if (px < 0 || py < 0 || px >= current.getWidth() || py >= current.getHeight()) {
      return null;
    }
    return new Point2D(px, py);
  }

  private void reportHover(double x, double y) {
    Point2D pixel = imagePixelAt(x, y);
    if (pixel == null) {
      hoverListener.onHover(-1, -1);
    } else {
      hoverListener.onHover((int) pixel.getX(), (int) pixel.getY());
    }
  }

  @Override
  protected void layoutChildren() {
    Image current = image.get();
    if (current == null) {
      return;
    }
    if (fitting.get()) {
      applyFit();
    }
    place();
  }

  /** Scales and centres the image to fit the view's current size (nothing before it has a size). */
  private void applyFit() {
    Image current = image.get();
    if (current == null || getWidth() <= 0 || getHeight() <= 0) {
      return;
    }
    double available = Math.min(
        (getWidth() - 2 * FIT_MARGIN) / current.getWidth(), (getHeight() - 2 * FIT_MARGIN) / current.getHeight());
    double fitted = Math.max(MIN_SCALE, available);
    // Whole-number enlargements keep attribution pixels equal in size.
    scale.set(fitted >= 2 ? Math.floor(fitted) : fitted);
    offsetX = (getWidth() - current.getWidth() * scale.get()) / 2;
    offsetY = (getHeight() - current.getHeight() * scale.get()) / 2;
  }

  private void place() {
    Image current = image.get();
    if (current == null) {
      return;
    }
    view.setFitWidth(current.getWidth() * scale.get());
    view.setFitHeight(current.getHeight() * scale.get());
    view.relocate(Math.round(offsetX), Math.round(offsetY));
  }

  @Override
  protected double computePrefWidth(double height) {
    return 480;
  }

  @Override
  protected double computePrefHeight(double width) {
    return 480;
  }
}
