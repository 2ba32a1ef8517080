package dev.mainspring.run.service;

import java.util.UUID;

/** What {@link RunService#initiate} made: a project, a thread in it, and a run on the thread. */
public record InitiatedRun(UUID projectId, RunView run) {}
