/**
 * The event log: append-only streams of events with a gapless per-stream sequence, which live
 * clients and the run engine replay. Owns the {@code event_stream} and {@code event} tables.
 */
package dev.mainspring.realtime.model;
