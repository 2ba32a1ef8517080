/**
 * Building blocks every context's persistence shares: id generation and page slices. Owns no table.
 */
package dev.mainspring.platform.model;
