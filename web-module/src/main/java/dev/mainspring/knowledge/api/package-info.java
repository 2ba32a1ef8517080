/**
 * Document C's Context Management endpoints ({@code /v1/context/...}): knowledge bases, schema
 * profiles and vectorization options. Admins read, superadmins write.
 */
package dev.mainspring.knowledge.api;
