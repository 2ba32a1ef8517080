/** The projects API of document E: {@code /api/projects}. */
package dev.mainspring.project.api;
