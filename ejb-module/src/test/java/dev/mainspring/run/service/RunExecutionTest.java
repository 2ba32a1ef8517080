package dev.mainspring.run.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RunExecutionTest {

  @Test
  void toolCallsAreAssembledFromTheirStreamedPieces() {
    Map<Integer, RunExecution.CallBuilder> calls = new TreeMap<>();
    String first =
        RunExecution.read(
            "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,"
                + "\"tool_calls\":[{\"index\":0,\"id\":\"call_9\",\"type\":\"function\","
                + "\"function\":{\"name\":\"current_time\",\"arguments\":\"\"}}]}}]}",
            calls);
    RunExecution.read(
        "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
            + "\"function\":{\"arguments\":\"{\\\"timezone\\\":\"}}]}}]}",
        calls);
    RunExecution.read(
        "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
            + "\"function\":{\"arguments\":\"\\\"UTC\\\"}\"}},{\"index\":1,\"id\":\"call_10\","
            + "\"function\":{\"name\":\"search_threads\",\"arguments\":\"{}\"}}]}}]}",
        calls);

    assertEquals("", first);
    assertEquals(2, calls.size());
    RunSteps.AskedCall time = calls.get(0).build(1, 0);
    assertEquals("call_9", time.callId());
    assertEquals("current_time", time.tool());
    assertEquals("{\"timezone\":\"UTC\"}", time.arguments());
    assertEquals("search_threads", calls.get(1).build(1, 1).tool());
  }

  @Test
  void contentDeltasAreReadAndChunksWithoutChoicesGiveNothing() {
    Map<Integer, RunExecution.CallBuilder> calls = new TreeMap<>();

    assertEquals(
        "Hel", RunExecution.read("{\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}", calls));
    assertEquals("", RunExecution.read("{\"choices\":[],\"usage\":{\"total_tokens\":3}}", calls));
    assertEquals("", RunExecution.read("not json", calls));
    assertEquals(0, calls.size());
  }

  @Test
  void aCallWithoutIdOrArgumentsGetsStableOnes() {
    RunExecution.CallBuilder call = new RunExecution.CallBuilder();
    call.name.append("current_time");

    RunSteps.AskedCall built = call.build(3, 1);

    assertEquals("call_3_1", built.callId());
    assertEquals("{}", built.arguments());
  }
}
