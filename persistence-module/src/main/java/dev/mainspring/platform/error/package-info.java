/**
 * The one exception hierarchy of Mainspring. Every domain error carries a stable {@code code} and
 * the HTTP status it answers with; the web tier turns it into problem+json. The exceptions are EJB
 * application exceptions, so they cross a service boundary unwrapped and roll back its transaction.
 */
package dev.mainspring.platform.error;
