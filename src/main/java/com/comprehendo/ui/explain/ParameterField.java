package com.comprehendo.ui.explain;

import com.comprehendo.ui.service.ParameterSpec;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One editable method parameter: its spec and the text the user typed (or chose). */
public final class ParameterField {

  private final ParameterSpec spec;
  private final StringProperty value;

  public ParameterField(ParameterSpec spec, String initialValue) {
    this.spec = spec;
    this.value = new SimpleStringProperty(this, spec.name(), initialValue);
  }

  public ParameterSpec spec() {
    return spec;
  }

  public String name() {
    return spec.name();
  }

  public StringProperty valueProperty() {
    return value;
  }

  public String value() {
    return value.get() == null ? "" : value.get().trim();
  }
}
