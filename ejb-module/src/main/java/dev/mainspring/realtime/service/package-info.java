/**
 * The event log's use cases: append an event to a stream in the caller's transaction, read a stream
 * from a sequence on, and delete events older than the retention period.
 */
package dev.mainspring.realtime.service;
