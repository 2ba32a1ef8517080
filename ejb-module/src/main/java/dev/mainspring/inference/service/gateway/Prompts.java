package dev.mainspring.inference.service.gateway;

/** The prompt side of a token estimate: the messages with OpenAI's framing, and the tools. */
final class Prompts {

  private Prompts() {}

  static long tokens(TokenCounter counter, ChatRequest request) {
    return counter.countMessages(request.messages())
        + (request.tools() == null ? 0 : counter.countValue(request.tools()));
  }
}
