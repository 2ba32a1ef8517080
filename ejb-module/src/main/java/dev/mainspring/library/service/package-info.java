/** A user's library: pinned threads and saved items (document A's pins and wishlists). */
package dev.mainspring.library.service;
