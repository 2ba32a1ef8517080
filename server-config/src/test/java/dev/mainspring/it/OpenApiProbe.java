package dev.mainspring.it;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Makes bad requests for every operation of an OpenAPI document, the way an outside probe of a
 * running server does: malformed JSON, each property of the body with a value of the wrong type, a
 * huge string, a string with a NUL character, nested too deeply or with a number too long; bodies
 * over the size limit or in an unknown charset; path parameters that are no UUID, very long or an
 * encoded NUL; query parameters that do not parse, are huge or carry a NUL.
 *
 * <p>Each bad request ({@link Probe}) is built on a valid request made from the document's schemas
 * (required members with values that fit their type, format, enum and bounds), so that exactly one
 * thing in it is wrong. The document describes the server; the probe knows nothing of the
 * resources, so an operation added to the document is probed without a change here.
 *
 * <pre>{@code
 * OpenApiProbe probe = new OpenApiProbe(document, Map.of("org_id", orgId), 65_536);
 * for (OpenApiProbe.Operation op : probe.operations()) {
 *   for (OpenApiProbe.Probe p : probe.probes(op)) { ... send p, judge the answer ... }
 * }
 * }</pre>
 */
final class OpenApiProbe {

  /** What a probe breaks; tests judge some kinds more strictly than others. */
  enum Kind {
    MALFORMED_JSON,
    WRONG_TYPE,
    HUGE_STRING,
    NUL_IN_BODY,
    DEEP_NESTING,
    LONG_NUMBER,
    BODY_OVER_LIMIT,
    UNKNOWN_CHARSET,
    BAD_PATH_PARAMETER,
    ENCODED_NUL_IN_PATH,
    BAD_QUERY_PARAMETER,
    NUL_IN_QUERY,
    BAD_HEADER
  }

  /** One operation of the document. */
  record Operation(
      String method,
      String path,
      String summary,
      boolean isPublic,
      List<JsonObject> parameters,
      JsonObject bodySchema) {

    String name() {
      return method.toUpperCase(Locale.ROOT) + " " + path;
    }

    /** Whether only superadmins may call it, as its summary says. */
    boolean forSuperadmins() {
      return summary != null && summary.contains("superadmin");
    }
  }

  /**
   * One bad request: {@code path} is ready to send (parameters filled in and encoded), {@code body}
   * null for none.
   */
  record Probe(
      Kind kind,
      String description,
      String method,
      String path,
      String contentType,
      byte[] body,
      Map<String, String> headers) {

    @Override
    public String toString() {
      return kind + " (" + description + ")";
    }
  }

  /** Nested deeper than any limit a JSON reader should have (Parsson's default is 1000). */
  static final int TOO_DEEP = 2_000;

  /** Longer than any number a JSON reader should turn into a BigDecimal (Parsson: 1100). */
  static final int TOO_MANY_DIGITS = 1_200;

  private static final String NUL_TEXT = "probe\u0000text";

  private final JsonObject document;
  private final Map<String, String> knownIds;
  private final int maxBodyBytes;

  /**
   * @param knownIds values for path parameters by name (an organization the caller belongs to,
   *     say); other UUID parameters get a random UUID
   * @param maxBodyBytes the server's body limit: huge strings stay under it, one probe goes over
   */
  OpenApiProbe(JsonObject document, Map<String, String> knownIds, int maxBodyBytes) {
    this.document = document;
    this.knownIds = knownIds;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Every operation of the document, in its order. */
  List<Operation> operations() {
    List<Operation> operations = new ArrayList<>();
    JsonArray defaultSecurity = document.getJsonArray("security");
    for (Map.Entry<String, JsonValue> path : document.getJsonObject("paths").entrySet()) {
      JsonObject item = path.getValue().asJsonObject();
      List<JsonObject> shared = parameters(item);
      for (String method : List.of("get", "post", "put", "patch", "delete")) {
        if (!item.containsKey(method)) {
          continue;
        }
        JsonObject op = item.getJsonObject(method);
        List<JsonObject> parameters = new ArrayList<>(shared);
        parameters.addAll(parameters(op));
        JsonArray security =
            op.containsKey("security") ? op.getJsonArray("security") : defaultSecurity;
        operations.add(
            new Operation(
                method,
                path.getKey(),
                op.getString("summary", null),
                security != null && security.isEmpty(),
                parameters,
                bodySchema(op)));
      }
    }
    return operations;
  }

  private List<JsonObject> parameters(JsonObject owner) {
    List<JsonObject> parameters = new ArrayList<>();
    if (owner.containsKey("parameters")) {
      for (JsonValue p : owner.getJsonArray("parameters")) {
        parameters.add(resolve(p.asJsonObject()));
      }
    }
    return parameters;
  }

  private JsonObject bodySchema(JsonObject op) {
    if (!op.containsKey("requestBody")) {
      return null;
    }
    JsonObject content = resolve(op.getJsonObject("requestBody")).getJsonObject("content");
    JsonObject json = content == null ? null : content.getJsonObject("application/json");
    return json == null ? null : resolve(json.getJsonObject("schema"));
  }

  /** The object a {@code $ref} points to, or the object itself. */
  private JsonObject resolve(JsonObject maybeRef) {
    if (maybeRef == null || !maybeRef.containsKey("$ref")) {
      return maybeRef;
    }
    JsonValue target = document;
    for (String part : maybeRef.getString("$ref").substring(2).split("/")) {
      target = target.asJsonObject().get(part);
    }
    return resolve(target.asJsonObject());
  }

  /** The bad requests for one operation. */
  List<Probe> probes(Operation op) {
    List<Probe> probes = new ArrayList<>();
    String path = path(op, Map.of());
    String query = validQuery(op);
    if (op.bodySchema() != null) {
      bodyProbes(op, path + query, probes);
    }
    for (JsonObject parameter : op.parameters()) {
      String name = parameter.getString("name");
      JsonObject schema = resolve(parameter.getJsonObject("schema"));
      switch (parameter.getString("in")) {
        case "path" -> pathProbes(op, name, schema, query, probes);
        case "query" -> queryProbes(op, name, schema, path, probes);
        case "header" ->
            probes.add(
                new Probe(
                    Kind.BAD_HEADER,
                    name + ": not of the documented form",
                    op.method(),
                    path + query,
                    null,
                    null,
                    Map.of(name, "\"no\" such \"value\"")));
        default -> {}
      }
    }
    probes.add(
        new Probe(
            Kind.NUL_IN_QUERY,
            "undocumented query parameter with a NUL",
            op.method(),
            path + (query.isEmpty() ? "?" : query + "&") + "probe=a%00b",
            null,
            null,
            Map.of()));
    return probes;
  }

  private void bodyProbes(Operation op, String target, List<Probe> probes) {
    JsonObject schema = op.bodySchema();
    // Each probe gets fresh values: two probes creating the same name at once would race.
    Supplier<JsonObject> valid = () -> example(schema).asJsonObject();
    for (String malformed :
        new String[] {"{\"", "{\"a\":1,}", "[1, 2]", "\"text\"", "null", "", "{}}"}) {
      probes.add(json(Kind.MALFORMED_JSON, "'" + malformed + "'", op, target, malformed));
    }
    probes.add(
        new Probe(
            Kind.MALFORMED_JSON,
            "bytes that are not UTF-8",
            op.method(),
            target,
            "application/json",
            new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'},
            Map.of()));
    probes.add(
        json(
            Kind.DEEP_NESTING,
            "the body nested " + TOO_DEEP + " deep",
            op,
            target,
            "[".repeat(TOO_DEEP) + "]".repeat(TOO_DEEP)));
    probes.add(
        new Probe(
            Kind.UNKNOWN_CHARSET,
            "charset=x-unknown",
            op.method(),
            target,
            "application/json; charset=x-unknown",
            valid.get().toString().getBytes(StandardCharsets.UTF_8),
            Map.of()));
    String overLimit = "{\"probe\":\"" + "x".repeat(maxBodyBytes + 1024) + "\"}";
    probes.add(json(Kind.BODY_OVER_LIMIT, "a body over the limit", op, target, overLimit));

    JsonObject properties = schema.getJsonObject("properties");
    if (properties == null) {
      return;
    }
    for (Map.Entry<String, JsonValue> property : properties.entrySet()) {
      String name = property.getKey();
      JsonObject propertySchema = resolve(property.getValue().asJsonObject());
      for (JsonValue wrong : wrongValues(propertySchema)) {
        probes.add(
            json(
                Kind.WRONG_TYPE,
                name + " = " + abbreviate(wrong.toString()),
                op,
                target,
                with(valid.get(), name, wrong)));
      }
      String type = typeOf(propertySchema);
      if (type.equals("string")) {
        // Half the limit: the escaped JSON of the whole body stays under it.
        String huge = "h".repeat(maxBodyBytes / 2);
        probes.add(
            json(
                Kind.HUGE_STRING,
                name + " of " + huge.length() + " characters",
                op,
                target,
                with(valid.get(), name, Json.createValue(huge))));
        probes.add(
            json(
                Kind.NUL_IN_BODY,
                name + " with a NUL",
                op,
                target,
                with(valid.get(), name, Json.createValue(NUL_TEXT))));
      }
      if (type.equals("array") || type.equals("object")) {
        probes.add(
            json(
                Kind.DEEP_NESTING,
                name + " nested " + TOO_DEEP + " deep",
                op,
                target,
                with(valid.get(), name, "[".repeat(TOO_DEEP) + "]".repeat(TOO_DEEP))));
        JsonObject items = resolve(propertySchema.getJsonObject("items"));
        if (items != null && typeOf(items).equals("string")) {
          probes.add(
              json(
                  Kind.NUL_IN_BODY,
                  name + " with an item with a NUL",
                  op,
                  target,
                  with(valid.get(), name, Json.createArrayBuilder().add(NUL_TEXT).build())));
        }
      }
      if (type.equals("integer") || type.equals("number")) {
        probes.add(
            json(
                Kind.LONG_NUMBER,
                name + " of " + TOO_MANY_DIGITS + " digits",
                op,
                target,
                with(valid.get(), name, "9".repeat(TOO_MANY_DIGITS))));
        probes.add(
            json(
                Kind.LONG_NUMBER,
                name + " = 1e1000000000",
                op,
                target,
                with(valid.get(), name, "1e1000000000")));
      }
    }
  }

  private void pathProbes(
      Operation op, String name, JsonObject schema, String query, List<Probe> probes) {
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("not-a-uuid", "not a UUID");
    bad.put("l".repeat(4_000), "4000 characters");
    bad.put("caf%C3%A9%20%22quoted%22", "encoded non-ASCII and quotes");
    bad.put("0", "zero");
    for (Map.Entry<String, String> value : bad.entrySet()) {
      probes.add(
          new Probe(
              Kind.BAD_PATH_PARAMETER,
              name + ": " + value.getValue(),
              op.method(),
              path(op, Map.of(name, value.getKey())) + query,
              null,
              null,
              Map.of()));
    }
    probes.add(
        new Probe(
            Kind.ENCODED_NUL_IN_PATH,
            name + ": %00",
            op.method(),
            path(op, Map.of(name, "a%00b")) + query,
            null,
            null,
            Map.of()));
  }

  private void queryProbes(
      Operation op, String name, JsonObject schema, String path, List<Probe> probes) {
    List<String> bad = new ArrayList<>(List.of("", "not-a-number", "-1", "1.5", "1e400"));
    bad.add("9".repeat(40));
    bad.add("q".repeat(4_000));
    bad.add("not a uuid");
    bad.add("\"'<>`{}");
    for (String value : bad) {
      probes.add(
          new Probe(
              Kind.BAD_QUERY_PARAMETER,
              name + " = " + abbreviate(value),
              op.method(),
              path + "?" + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8),
              null,
              null,
              Map.of()));
    }
    probes.add(
        new Probe(
            Kind.NUL_IN_QUERY,
            name + " with a NUL",
            op.method(),
            path + "?" + name + "=" + URLEncoder.encode(NUL_TEXT, StandardCharsets.UTF_8),
            null,
            null,
            Map.of()));
  }

  private Probe json(Kind kind, String description, Operation op, String target, String body) {
    return new Probe(
        kind,
        description,
        op.method(),
        target,
        "application/json",
        body.getBytes(StandardCharsets.UTF_8),
        Map.of());
  }

  /** The path with its parameters filled in: {@code overrides}, known ids, or valid values. */
  private String path(Operation op, Map<String, String> overrides) {
    String path = op.path();
    for (JsonObject parameter : op.parameters()) {
      if (!parameter.getString("in").equals("path")) {
        continue;
      }
      String name = parameter.getString("name");
      String value = overrides.get(name);
      if (value == null) {
        value = knownIds.get(name);
      }
      if (value == null) {
        value = ((JsonString) example(resolve(parameter.getJsonObject("schema")))).getString();
      }
      path = path.replace("{" + name + "}", value);
    }
    return path.substring(1);
  }

  /** Valid values for the required query parameters, as a query string ("" for none). */
  private String validQuery(Operation op) {
    StringBuilder query = new StringBuilder();
    for (JsonObject parameter : op.parameters()) {
      if (parameter.getString("in").equals("query") && parameter.getBoolean("required", false)) {
        JsonValue value = example(resolve(parameter.getJsonObject("schema")));
        String text = value instanceof JsonString s ? s.getString() : value.toString();
        query
            .append(query.length() == 0 ? '?' : '&')
            .append(parameter.getString("name"))
            .append('=')
            .append(URLEncoder.encode(text, StandardCharsets.UTF_8));
      }
    }
    return query.toString();
  }

  /** A valid value of {@code schema}: for objects, their required members. */
  JsonValue example(JsonObject schema) {
    schema = resolve(schema);
    if (schema.containsKey("oneOf")) {
      return example(schema.getJsonArray("oneOf").getJsonObject(0));
    }
    if (schema.containsKey("enum")) {
      return schema.getJsonArray("enum").get(0);
    }
    return switch (typeOf(schema)) {
      case "object" -> {
        JsonObjectBuilder object = Json.createObjectBuilder();
        JsonObject properties = schema.getJsonObject("properties");
        if (schema.containsKey("required") && properties != null) {
          for (JsonValue name : schema.getJsonArray("required")) {
            String key = ((JsonString) name).getString();
            if (properties.containsKey(key)) {
              object.add(key, example(properties.getJsonObject(key)));
            }
          }
        }
        yield object.build();
      }
      case "array" -> {
        JsonArrayBuilder array = Json.createArrayBuilder();
        if (schema.getInt("minItems", 0) > 0) {
          array.add(example(schema.getJsonObject("items")));
        }
        yield array.build();
      }
      case "integer" ->
          Json.createValue(
              schema.containsKey("minimum") ? schema.getJsonNumber("minimum").longValue() : 1);
      case "number" ->
          Json.createValue(
              schema.containsKey("minimum") ? schema.getJsonNumber("minimum").doubleValue() : 0.5);
      case "boolean" -> JsonValue.TRUE;
      default -> Json.createValue(exampleString(schema));
    };
  }

  private static String exampleString(JsonObject schema) {
    String random = Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36);
    String format = schema.getString("format", "");
    String text =
        switch (format) {
          case "uuid" -> UUID.randomUUID().toString();
          case "email" -> "probe-" + random + "@example.test";
          case "date-time" -> Instant.now().plus(1, ChronoUnit.DAYS).toString();
          default -> "probe-" + random;
        };
    int minLength = schema.getInt("minLength", 0);
    return text.length() >= minLength ? text : text + "-".repeat(minLength - text.length());
  }

  /** Values of other types than {@code schema} wants. */
  private List<JsonValue> wrongValues(JsonObject schema) {
    JsonValue number = Json.createValue(12345);
    JsonValue text = Json.createValue("not of this type");
    JsonValue object = Json.createObjectBuilder().add("probe", 1).build();
    JsonValue array = Json.createArrayBuilder().add(1).add("two").build();
    return switch (typeOf(schema)) {
      case "string" ->
          schema.containsKey("enum")
              ? List.of(number, object, array, Json.createValue("no-such-value"))
              : List.of(number, JsonValue.TRUE, object, array);
      case "integer" ->
          List.of(text, JsonValue.TRUE, object, array, Json.createValue(1.5), Json.createValue(-1));
      case "number" -> List.of(text, JsonValue.FALSE, object, array, Json.createValue(-1));
      case "boolean" -> List.of(text, number, object);
      case "array" -> List.of(text, number, object, arrayOfWrongItems(schema));
      case "object" -> List.of(text, number, array, JsonValue.TRUE);
      default -> List.of(object, array);
    };
  }

  private JsonValue arrayOfWrongItems(JsonObject schema) {
    JsonObject items = resolve(schema.getJsonObject("items"));
    JsonValue item =
        items != null && typeOf(items).equals("string")
            ? Json.createObjectBuilder().add("probe", 1).build()
            : Json.createValue("not an object");
    return Json.createArrayBuilder().add(item).build();
  }

  private static String typeOf(JsonObject schema) {
    if (schema == null) {
      return "any";
    }
    if (schema.containsKey("type")) {
      return schema.getString("type");
    }
    return schema.containsKey("properties") ? "object" : "any";
  }

  /** {@code valid} with member {@code name} replaced by {@code value}. */
  private static String with(JsonObject valid, String name, JsonValue value) {
    return Json.createObjectBuilder(valid).add(name, value).build().toString();
  }

  /** {@code valid} with member {@code name} replaced by raw JSON text {@code rawValue}. */
  private static String with(JsonObject valid, String name, String rawValue) {
    JsonObjectBuilder rest = Json.createObjectBuilder(valid).remove(name);
    String others = rest.build().toString();
    String member = Json.createValue(name) + ":" + rawValue;
    return others.equals("{}") ? "{" + member + "}" : "{" + member + "," + others.substring(1);
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 37) + "...";
  }
}
