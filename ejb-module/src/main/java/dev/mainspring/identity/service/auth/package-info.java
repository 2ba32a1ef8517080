/**
 * Registration and login: password hashes ({@link
 * dev.mainspring.identity.service.auth.PasswordHasher}, PBKDF2), the login throttle kept in
 * PostgreSQL so every instance counts the same, and the superadmin created on the first start.
 */
package dev.mainspring.identity.service.auth;
