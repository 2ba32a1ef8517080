package dev.mainspring.platform.service;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonLocation;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * JSON-P through one provider, looked up once, with limits on what a reader accepts. {@code
 * Json.createReader} and its siblings look the provider up with a {@code ServiceLoader} on every
 * call, which on Payara scans the application's class loaders: under load that lookup was the
 * gateway's largest cost (thread dumps of the benchmark showed a third of the request threads
 * inside it). Use these instead of {@code jakarta.json.Json} on every request path.
 *
 * <p>Readers and parsers refuse JSON nested deeper than {@link #MAX_DEPTH} and numbers longer than
 * {@link #MAX_NUMBER_LENGTH} characters (or, turned into whole numbers, with an exponent over
 * {@link #MAX_NUMBER_SCALE}), which would otherwise cost stack, memory and time. Parsson reports
 * these limits with a plain {@code RuntimeException} or an {@code UnsupportedOperationException},
 * not as the {@link JsonException} its callers catch for bad JSON; the readers and parsers given
 * out here report them as a {@link JsonException}, so that a client who sends such JSON gets the
 * same 400 as for any other malformed body.
 */
public final class Jsons {

  /** Deepest nesting of arrays and objects accepted (the outermost counts as 1). */
  public static final int MAX_DEPTH = 512;

  /** Most characters in one number. */
  public static final int MAX_NUMBER_LENGTH = 1100;

  /** Largest exponent (scale) of a number read as a whole number. */
  public static final int MAX_NUMBER_SCALE = 100_000;

  private static final JsonProvider PROVIDER = JsonProvider.provider();
  private static final Map<String, Object> LIMITS =
      Map.of(
          // Parsson refuses a nesting that reaches its limit, so its limit is one more.
          "org.eclipse.parsson.maxDepth", MAX_DEPTH + 1,
          "org.eclipse.parsson.maxBigDecimalLength", MAX_NUMBER_LENGTH,
          "org.eclipse.parsson.maxBigIntegerScale", MAX_NUMBER_SCALE);
  private static final JsonReaderFactory READERS = PROVIDER.createReaderFactory(LIMITS);
  private static final JsonParserFactory PARSERS = PROVIDER.createParserFactory(LIMITS);

  private Jsons() {}

  /** A streaming parser of {@code json}, for reading without building it; close it after use. */
  public static JsonParser parser(String json) {
    return new LimitedParser(PARSERS.createParser(new StringReader(json)));
  }

  /** A reader of {@code json}; close it after use. */
  public static JsonReader reader(String json) {
    return new LimitedReader(READERS.createReader(new StringReader(json)));
  }

  public static JsonObjectBuilder object() {
    return PROVIDER.createObjectBuilder();
  }

  /** A builder that starts as a copy of {@code object}. */
  public static JsonObjectBuilder object(JsonObject object) {
    return PROVIDER.createObjectBuilder(object);
  }

  public static JsonArrayBuilder array() {
    return PROVIDER.createArrayBuilder();
  }

  /**
   * Runs {@code read}, reporting a limit the JSON exceeded as a {@link JsonException}. Exceptions
   * of JSON-P's contract (JSON errors, a call in the wrong parser state, no next event) pass
   * unchanged, and so does any other failure.
   */
  static <T> T limited(Supplier<T> read) {
    try {
      return read.get();
    } catch (UnsupportedOperationException e) {
      throw new JsonException("a number in the JSON is too long", e);
    } catch (RuntimeException e) {
      if (e.getClass() == RuntimeException.class) {
        throw new JsonException("the JSON is nested too deeply", e);
      }
      throw e;
    }
  }

  private static void limitedRun(Runnable read) {
    limited(
        () -> {
          read.run();
          return null;
        });
  }

  /** A reader that reports exceeded limits as {@link JsonException}s. */
  private record LimitedReader(JsonReader reader) implements JsonReader {

    @Override
    public JsonStructure read() {
      return limited(reader::read);
    }

    @Override
    public JsonObject readObject() {
      return limited(reader::readObject);
    }

    @Override
    public JsonArray readArray() {
      return limited(reader::readArray);
    }

    @Override
    public JsonValue readValue() {
      return limited(reader::readValue);
    }

    @Override
    public void close() {
      reader.close();
    }
  }

  /** A parser that reports exceeded limits as {@link JsonException}s. */
  private record LimitedParser(JsonParser parser) implements JsonParser {

    @Override
    public boolean hasNext() {
      return limited(parser::hasNext);
    }

    @Override
    public Event next() {
      return limited(parser::next);
    }

    @Override
    public Event currentEvent() {
      return parser.currentEvent();
    }

    @Override
    public String getString() {
      return parser.getString();
    }

    @Override
    public boolean isIntegralNumber() {
      return limited(parser::isIntegralNumber);
    }

    @Override
    public int getInt() {
      return limited(parser::getInt);
    }

    @Override
    public long getLong() {
      return limited(parser::getLong);
    }

    @Override
    public BigDecimal getBigDecimal() {
      return limited(parser::getBigDecimal);
    }

    @Override
    public JsonLocation getLocation() {
      return parser.getLocation();
    }

    @Override
    public JsonObject getObject() {
      return limited(parser::getObject);
    }

    @Override
    public JsonValue getValue() {
      return limited(parser::getValue);
    }

    @Override
    public JsonArray getArray() {
      return limited(parser::getArray);
    }

    @Override
    public Stream<JsonValue> getArrayStream() {
      return limited(parser::getArrayStream);
    }

    @Override
    public Stream<Map.Entry<String, JsonValue>> getObjectStream() {
      return limited(parser::getObjectStream);
    }

    @Override
    public Stream<JsonValue> getValueStream() {
      return limited(parser::getValueStream);
    }

    @Override
    public void skipArray() {
      limitedRun(parser::skipArray);
    }

    @Override
    public void skipObject() {
      limitedRun(parser::skipObject);
    }

    @Override
    public void close() {
      parser.close();
    }
  }

  /**
   * Whether a string or a member name anywhere in {@code value} holds U+0000, which {@code jsonb}
   * cannot store (the web tier refuses it in request bodies already, with 400 {@code invalid_text};
   * this is for JSON made elsewhere).
   */
  public static boolean hasNul(JsonValue value) {
    if (value instanceof JsonString s) {
      return s.getString().indexOf('\0') >= 0;
    }
    if (value instanceof JsonObject o) {
      for (Map.Entry<String, JsonValue> e : o.entrySet()) {
        if (e.getKey().indexOf('\0') >= 0 || hasNul(e.getValue())) {
          return true;
        }
      }
      return false;
    }
    if (value instanceof JsonArray a) {
      for (JsonValue v : a) {
        if (hasNul(v)) {
          return true;
        }
      }
    }
    return false;
  }
}
