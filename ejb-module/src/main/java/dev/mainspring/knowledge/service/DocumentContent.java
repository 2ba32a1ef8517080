package dev.mainspring.knowledge.service;

/** A document's fields as stored: text and its SHA-256, title, path, media type, metadata JSON. */
public record DocumentContent(
    String title,
    String sourcePath,
    String mediaType,
    String metadataJson,
    String text,
    String contentHash) {}
