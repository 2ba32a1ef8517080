package dev.mainspring.realtime.model;

/**
 * What the database gave an appended event.
 *
 * @param id the event's row id
 * @param sequence its place in its stream, 1 for the first event
 */
public record AppendedEvent(long id, long sequence) {}
