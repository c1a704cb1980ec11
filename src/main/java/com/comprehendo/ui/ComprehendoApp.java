package com.comprehendo.ui;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/** The explorer application window. */
public final class ComprehendoApp extends Application {

  /** Launches the explorer and blocks until its window closes. */
  public static void launchApp(String[] args) {
    Application.launch(ComprehendoApp.class, args);
  }

  @Override
  public void start(Stage stage) {
    stage.setTitle("Comprehendo");
    stage.setScene(new Scene(new StackPane(new Label("Comprehendo")), 1100, 720));
    stage.show();
  }
}
