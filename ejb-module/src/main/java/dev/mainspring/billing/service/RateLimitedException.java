package dev.mainspring.billing.service;

import dev.mainspring.platform.error.MainspringException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * 429 {@code rate_limited}: the organization made as many gateway calls and run starts this minute
 * as its plan allows. Nothing was done; {@code Retry-After} says when the window ends, the
 * RateLimit header fields say where the organization stands.
 */
public class RateLimitedException extends MainspringException {

  private static final long serialVersionUID = 1L;

  private final RateLimitStatus rate;

  public RateLimitedException(RateLimitStatus rate) {
    super(
        "rate_limited",
        "the organization's plan allows "
            + rate.limit()
            + " requests a minute; try again in "
            + rate.resetSeconds()
            + " s");
    this.rate = rate;
  }

  public RateLimitStatus rate() {
    return rate;
  }

  @Override
  public int status() {
    return 429;
  }

  @Override
  public String title() {
    return "Too Many Requests";
  }

  @Override
  public Map<String, String> headers() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Retry-After", Long.toString(rate.resetSeconds()));
    headers.putAll(rate.headers());
    return headers;
  }
}
