package com.comprehendo.platform;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.util.function.Function;

/**
 * The one JSON configuration for what Comprehendo writes (the commands' one-line summaries, the
 * provenance sidecars), on Gson.
 *
 * <ul>
 *   <li>Numbers round-trip: a {@code double} is written as {@link Double#toString(double)} (the
 *       shortest text that reads back to the same value), a {@code float} as {@link
 *       Float#toString(float)}.
 *   <li>NaN and ±Infinity, which JSON has no number for, are written as {@code null}: a reader gets
 *       "no value" rather than invalid JSON.
 *   <li>{@code null} map values and fields are written (as {@code null}), not left out; characters
 *       such as {@code <} and {@code '} stay as they are (no HTML escaping).
 * </ul>
 *
 * <pre>{@code
 * String line = Json.write(Map.of("delta", 1.25e-7, "nan", Double.NaN)); // {"delta":1.25E-7,"nan":null}
 * }</pre>
 */
public final class Json {

  /** Compact (one line). */
  public static final Gson COMPACT = builder().create();

  /** Indented, for files people read. */
  public static final Gson PRETTY = builder().setPrettyPrinting().create();

  private Json() {}

  /** {@code value} as one line of JSON. */
  public static String write(Object value) {
    return COMPACT.toJson(value);
  }

  private static GsonBuilder builder() {
    TypeAdapter<Double> doubles = new FiniteOrNull<>(Object::toString, JsonReader::nextDouble);
    TypeAdapter<Float> floats = new FiniteOrNull<>(Object::toString, in -> (float) in.nextDouble());
    return new GsonBuilder()
        .serializeNulls()
        .disableHtmlEscaping()
        .registerTypeAdapter(Double.class, doubles)
        .registerTypeAdapter(double.class, doubles)
        .registerTypeAdapter(Float.class, floats)
        .registerTypeAdapter(float.class, floats);
  }

  /** Writes a finite number as the shortest round-tripping text, NaN and ±Infinity as null. */
  private static final class FiniteOrNull<T extends Number> extends TypeAdapter<T> {
    private final Function<T, String> text;
    private final Reading<T> reading;

    FiniteOrNull(Function<T, String> text, Reading<T> reading) {
      this.text = text;
      this.reading = reading;
    }

    @Override
    public void write(JsonWriter out, T value) throws IOException {
      if (value == null || !Double.isFinite(value.doubleValue())) {
        out.nullValue();
      } else {
        out.jsonValue(text.apply(value));
      }
    }

    @Override
    public T read(JsonReader in) throws IOException {
      if (in.peek() == JsonToken.NULL) {
        in.nextNull();
        return null;
      }
      return reading.read(in);
    }
  }

  @FunctionalInterface
  private interface Reading<T> {
    T read(JsonReader in) throws IOException;
  }
}
