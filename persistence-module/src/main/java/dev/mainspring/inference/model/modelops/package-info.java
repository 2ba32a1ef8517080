/**
 * ModelOps: managed models with their lifecycle status, the validations and test runs made against
 * their provider, and the sharing rules (organizations, roles) that decide who may call them.
 */
package dev.mainspring.inference.model.modelops;
