/**
 * The inference context's records, by part: {@code provider} (saved credentials, provider families
 * and instances), {@code modelops} (managed models, their validations, test runs and sharing
 * rules), {@code deployment} (deployment profiles, their capability bindings, the activation audit
 * and the runtime mode) and {@code gateway} (users' model settings and the usage records of model
 * calls, the only tenant-owned table of the context). Owns the tables of migrations V4 and V5.
 */
package dev.mainspring.inference.model;
