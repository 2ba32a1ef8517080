/**
 * Provider families (the kinds of model server Mainspring can call), provider instances (one
 * configured endpoint of a family, with its resilience settings) and the encrypted credentials they
 * refer to. Global tables, written by superadmins.
 */
package dev.mainspring.inference.model.provider;
