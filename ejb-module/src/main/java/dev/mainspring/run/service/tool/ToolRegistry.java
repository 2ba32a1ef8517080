package dev.mainspring.run.service.tool;

import dev.mainspring.platform.service.Jsons;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Every tool an agent may be given, by name. */
@ApplicationScoped
public class ToolRegistry {

  @Inject Instance<Tool> found;

  private final Map<String, Tool> tools = new TreeMap<>();

  @PostConstruct
  void collect() {
    for (Tool tool : found) {
      if (tools.putIfAbsent(tool.name(), tool) != null) {
        throw new IllegalStateException("two tools are named " + tool.name());
      }
    }
  }

  public Optional<Tool> find(String name) {
    return Optional.ofNullable(tools.get(name));
  }

  /** The names of every tool, sorted. */
  public List<String> names() {
    return List.copyOf(tools.keySet());
  }

  /** The names among {@code names} that no tool has. */
  public List<String> unknown(Collection<String> names) {
    return names.stream().filter(n -> !tools.containsKey(n)).toList();
  }

  /**
   * The OpenAI {@code tools} definitions of {@code names} (unknown names left out), in the order
   * given.
   */
  public JsonArray definitions(Collection<String> names) {
    JsonArrayBuilder definitions = Jsons.array();
    for (String name : names) {
      Tool tool = tools.get(name);
      if (tool != null) {
        definitions.add(
            Jsons.object()
                .add("type", "function")
                .add(
                    "function",
                    Jsons.object()
                        .add("name", tool.name())
                        .add("description", tool.description())
                        .add("parameters", tool.parameters())));
      }
    }
    return definitions.build();
  }
}
