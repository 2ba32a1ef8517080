package dev.mainspring.platform.service;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;

/**
 * JSON-P through one provider, looked up once. {@code Json.createReader} and its siblings look the
 * provider up with a {@code ServiceLoader} on every call, which on Payara scans the application's
 * class loaders: under load that lookup was the gateway's largest cost (thread dumps of the
 * benchmark showed a third of the request threads inside it). Use these instead of {@code
 * jakarta.json.Json} on every request path.
 */
public final class Jsons {

  private static final JsonProvider PROVIDER = JsonProvider.provider();

  private Jsons() {}

  /** A streaming parser of {@code json}, for reading without building it; close it after use. */
  public static JsonParser parser(String json) {
    return PROVIDER.createParser(new StringReader(json));
  }

  /** A reader of {@code json}; close it after use. */
  public static JsonReader reader(String json) {
    return PROVIDER.createReader(new StringReader(json));
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
}
