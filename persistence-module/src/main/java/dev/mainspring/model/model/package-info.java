/**
 * The model platform's records: saved provider credentials, provider families and instances,
 * ModelOps managed models with their validations, tests and sharing rules, deployment profiles with
 * their capability bindings and activation audit, the runtime mode, users' model settings, and the
 * gateway's usage records (the only tenant-owned table here). Owns the tables of migrations V4 and
 * V5.
 */
package dev.mainspring.model.model;
