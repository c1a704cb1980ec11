package com.comprehendo.data;

/**
 * A labels CSV ({@code csv:FILE}, or {@code labels.csv} chosen by {@code auto}) that cannot be used: no
 * header, no {@code file} or {@code label} column, a short row, two labels for one file, bytes that are
 * not UTF-8. A type of its own so that a command can name the option at fault, {@code --labels}, and
 * not the dataset folder the file was found in.
 */
public final class LabelsFileException extends DatasetException {
  private static final long serialVersionUID = 1L;

  public LabelsFileException(String message) {
    super(message);
  }

  public LabelsFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
