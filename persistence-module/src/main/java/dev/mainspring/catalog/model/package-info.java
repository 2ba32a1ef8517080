/**
 * Document C's registry of versioned runtime artifacts, its typed catalog of agents and tools,
 * agent projects and playground sessions.
 */
package dev.mainspring.catalog.model;
