package dev.mainspring.inference.service.deployment;

/** The runtime mode to switch to: {@code online} or {@code offline}. */
public record ModeChange(String mode) {}
