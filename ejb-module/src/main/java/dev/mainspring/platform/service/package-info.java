/**
 * Services every context uses: pagination contracts, schema migration at start-up. Services are the
 * only transaction boundary; resources and repositories open none.
 */
package dev.mainspring.platform.service;
