/** Document A's pins and wishlists over REST: {@code /api/pins}, {@code /api/wishlist}. */
package dev.mainspring.library.api;
