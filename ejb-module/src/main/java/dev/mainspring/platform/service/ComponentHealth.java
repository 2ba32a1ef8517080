package dev.mainspring.platform.service;

/**
 * The health of one component.
 *
 * @param status {@code up} or {@code down}
 * @param critical whether the server is unusable while this component is down
 * @param latencyMs how long the check took
 * @param detail what was found, in a few words
 */
public record ComponentHealth(String status, boolean critical, double latencyMs, String detail) {

  public boolean healthy() {
    return "up".equals(status);
  }
}
