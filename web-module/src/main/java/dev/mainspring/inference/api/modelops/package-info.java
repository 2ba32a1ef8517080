/** ModelOps managed models and their sharing ({@code /v1/modelops/models}). */
package dev.mainspring.inference.api.modelops;
