/**
 * Projects (document E): the containers that threads, sandboxes and deployments belong to. Owns the
 * {@code projects} table.
 */
package dev.mainspring.project.model;
