/**
 * What the gateway keeps: one usage record per model call (tenant-owned, under row-level security)
 * and each user's model settings (default model and sampling parameters).
 */
package dev.mainspring.inference.model.gateway;
