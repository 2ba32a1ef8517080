package dev.mainspring.run.service.tool;

import dev.mainspring.platform.service.Jsons;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** {@code current_time}: the date and time now, in a time zone the model names (UTC otherwise). */
@ApplicationScoped
public class CurrentTimeTool implements Tool {

  @Override
  public String name() {
    return "current_time";
  }

  @Override
  public String description() {
    return "The current date and time. Give an IANA time zone such as Europe/Paris; UTC otherwise.";
  }

  @Override
  public JsonObject parameters() {
    return Jsons.object()
        .add("type", "object")
        .add(
            "properties",
            Jsons.object()
                .add(
                    "timezone",
                    Jsons.object()
                        .add("type", "string")
                        .add("description", "an IANA time zone, for example America/New_York")))
        .build();
  }

  @Override
  public boolean idempotent() {
    return true;
  }

  @Override
  public String call(ToolContext context, JsonObject arguments) {
    ZoneId zone;
    try {
      zone =
          arguments.get("timezone") instanceof JsonString given && !given.getString().isBlank()
              ? ZoneId.of(given.getString())
              : ZoneId.of("UTC");
    } catch (DateTimeException e) {
      throw new ToolException("unknown time zone; give an IANA name such as Europe/Paris");
    }
    ZonedDateTime now = ZonedDateTime.now(zone);
    return Jsons.object()
        .add("iso", now.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
        .add("timezone", zone.getId())
        .add("weekday", now.getDayOfWeek().toString().toLowerCase(java.util.Locale.ROOT))
        .build()
        .toString();
  }
}
