/**
 * Feature flags: read by every signed-in caller when document E's {@code FEATURE_FLAGS_ENABLED}
 * serves them, set by superadmins. A context of its own, not part of {@code platform}, because it
 * asks identity who the caller is and identity builds on platform.
 */
package dev.mainspring.flags.service;
