package dev.mainspring.conversation.service;

import jakarta.validation.constraints.Size;
import java.util.UUID;

/** The request to start a thread, in a project when {@code projectId} is given. */
public record CreateThread(UUID projectId, @Size(max = 200) String title) {}
