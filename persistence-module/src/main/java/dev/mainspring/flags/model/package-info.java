/**
 * Feature flags (document E): installation-wide switches, by name. Owns the {@code feature_flags}
 * table (V42); no tenant's data, so no row-level security.
 */
package dev.mainspring.flags.model;
