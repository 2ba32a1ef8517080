/**
 * Agent runs: starting, stopping, approving and reading runs ({@link
 * dev.mainspring.run.service.RunService}), and the engine that executes them on any instance
 * ({@link dev.mainspring.run.service.RunWorker}).
 */
package dev.mainspring.run.service;
