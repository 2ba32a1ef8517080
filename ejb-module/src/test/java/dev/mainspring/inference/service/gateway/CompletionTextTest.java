package dev.mainspring.inference.service.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The streamed-JSON scan that gathers generated text to count its tokens. */
class CompletionTextTest {

  @Test
  void gathersTheContentOfStreamDeltasInOrder() {
    CompletionText text = new CompletionText();
    assertTrue(
        text.addChunk("{\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}"));
    assertTrue(text.addChunk("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}"));
    assertTrue(
        text.addChunk("{\"choices\":[{\"delta\":{\"content\":\"lo\"},\"finish_reason\":null}]}"));
    assertEquals("Hello", text.text());
  }

  @Test
  void countsTheFunctionsAModelCallsButNotTheirIdsOrTypes() {
    CompletionText text = new CompletionText();
    text.addChunk(
        "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":"
            + "\"function\",\"function\":{\"name\":\"search\",\"arguments\":\"\"}}]}}]}");
    text.addChunk(
        "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":"
            + "\"{\\\"q\\\":1}\"}}]}}]}");
    assertEquals("search{\"q\":1}", text.text());
  }

  @Test
  void ignoresContentOutsideTheGeneratedPart() {
    CompletionText text = new CompletionText();
    text.addChunk(
        "{\"model\":\"content\",\"content\":\"top level\",\"choices\":[{\"delta\":{\"x\":"
            + "{\"content\":\"nested elsewhere\"},\"content\":\"yes\"}}],\"usage\":null}");
    assertEquals("yes", text.text());
  }

  @Test
  void aWholeAnswerIsReadFromItsMessage() {
    CompletionText text = new CompletionText();
    assertTrue(
        text.addAnswer(
            "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"Hi there\"},"
                + "\"delta\":{\"content\":\"not this\"}}]}"));
    assertEquals("Hi there", text.text());
  }

  @Test
  void malformedJsonKeepsWhatWasReadAndSaysSo() {
    CompletionText text = new CompletionText();
    assertFalse(text.addChunk("{\"choices\":[{\"delta\":{\"content\":\"partial\"}}, {oops"));
    assertEquals("partial", text.text());
    assertFalse(text.addChunk("not json at all"));
    assertFalse(text.addChunk(""));
    assertTrue(text.addChunk("{\"choices\":[{\"delta\":{\"content\":\" more\"}}]}"));
    assertEquals("partial more", text.text());
  }

  @Test
  void numbersAndNullsUnderContentAreNotText() {
    CompletionText text = new CompletionText();
    text.addChunk("{\"choices\":[{\"delta\":{\"content\":null}},{\"delta\":{\"content\":7}}]}");
    assertEquals("", text.text());
  }
}
