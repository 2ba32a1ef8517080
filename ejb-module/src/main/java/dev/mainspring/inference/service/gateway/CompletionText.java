package dev.mainspring.inference.service.gateway;

import dev.mainspring.platform.service.Jsons;
import jakarta.json.JsonException;
import jakarta.json.stream.JsonParser;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.NoSuchElementException;

/**
 * The text a model generated, gathered from its answer to count its tokens when the provider
 * reports no usage. What counts as generated: the {@code content} of a stream chunk's {@code delta}
 * or of a whole answer's {@code message}, and the {@code name} and {@code arguments} of the
 * functions it calls. The JSON is read as a stream of parser events, without building objects: a
 * gateway reads every chunk of every stream this way.
 *
 * <pre>{@code
 * CompletionText text = new CompletionText();
 * text.addChunk(chunkJson);      // per chat.completion.chunk
 * text.addAnswer(answerJson);    // or once, for a whole chat.completion
 * int tokens = counter.count(text.text());
 * }</pre>
 */
final class CompletionText {

  private final StringBuilder text = new StringBuilder();

  /** Adds the generated text of a stream chunk; false when it is not JSON (nothing added). */
  boolean addChunk(String chunkJson) {
    return add(chunkJson, "delta");
  }

  /** Adds the generated text of a whole answer; false when it is not JSON (nothing added). */
  boolean addAnswer(String answerJson) {
    return add(answerJson, "message");
  }

  String text() {
    return text.toString();
  }

  /**
   * Appends the strings found under {@code holder.content} and {@code function.name|arguments},
   * wherever they are nested. On malformed JSON what was read before the fault stays appended and
   * the result is false.
   */
  private boolean add(String json, String holder) {
    Deque<String> opened = new ArrayDeque<>(); // the key each open object or array is under
    String key = null;
    try (JsonParser parser = Jsons.parser(json)) {
      while (parser.hasNext()) {
        switch (parser.next()) {
          case START_OBJECT, START_ARRAY -> {
            opened.push(key == null ? "" : key);
            key = null;
          }
          case END_OBJECT, END_ARRAY -> {
            opened.pop();
            key = null;
          }
          case KEY_NAME -> key = parser.getString();
          case VALUE_STRING -> {
            String under = opened.peek();
            if (("content".equals(key) && holder.equals(under))
                || (("name".equals(key) || "arguments".equals(key)) && "function".equals(under))) {
              text.append(parser.getString());
            }
            key = null;
          }
          default -> key = null;
        }
      }
    } catch (JsonException | NoSuchElementException | IllegalStateException e) {
      return false;
    }
    return true;
  }
}
