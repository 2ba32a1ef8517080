package dev.mainspring.identity.service;

import jakarta.validation.constraints.Size;
import java.util.UUID;

/** Changes to one's own profile; members left out stay as they are. */
public record ProfileChange(@Size(max = 200) String displayName, UUID defaultOrgId) {}
