package dev.mainspring.model.service;

/** The runtime mode to switch to: {@code online} or {@code offline}. */
public record ModeChange(String mode) {}
