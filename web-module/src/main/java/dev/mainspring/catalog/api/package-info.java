/**
 * Document C's HTTP doors onto the registry, the catalog, agent projects, agent executions and
 * playgrounds.
 */
package dev.mainspring.catalog.api;
