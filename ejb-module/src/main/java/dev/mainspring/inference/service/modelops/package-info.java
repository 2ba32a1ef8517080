/**
 * ModelOps for superadmins: managed models and their lifecycle ({@link
 * dev.mainspring.inference.service.modelops.ModelService}), validations and test calls ({@link
 * dev.mainspring.inference.service.modelops.ModelCheckService}), and governance: who may use a
 * model ({@link dev.mainspring.inference.service.modelops.SharingService}, applied by {@link
 * dev.mainspring.inference.service.modelops.ModelAccessPolicy}).
 */
package dev.mainspring.inference.service.modelops;
