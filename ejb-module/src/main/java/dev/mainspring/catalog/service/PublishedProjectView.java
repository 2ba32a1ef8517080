package dev.mainspring.catalog.service;

/** What a publish made: the project as it is now and the catalog agent version. */
public record PublishedProjectView(AgentProjectView project, CatalogAgentView agent) {}
