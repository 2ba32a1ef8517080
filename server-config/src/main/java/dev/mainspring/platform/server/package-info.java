/**
 * Starts Mainspring on Payara Micro: the embedded PostgreSQL when no database is configured, then
 * Payara Micro with the WAR and the post-boot commands that create the data source.
 */
package dev.mainspring.platform.server;
