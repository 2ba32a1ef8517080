package dev.mainspring.platform.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The one JAX-RS application, at the root of the context: resources carry their documents' paths in
 * full ({@code /api/...}, {@code /v1/...}, {@code /users/me}).
 */
@ApplicationPath("")
public class MainspringApplication extends Application {}
