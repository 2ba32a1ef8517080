/** A user's library in an organization: pinned threads and saved items (document A). */
package dev.mainspring.library.model;
