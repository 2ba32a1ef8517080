package dev.mainspring.identity.api;

import jakarta.inject.Inject;
import jakarta.security.auth.message.config.AuthConfigFactory;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Registers {@link MainspringAuthModule} for this web module with the server's Jakarta
 * Authentication factory when the application starts, and removes it when it stops.
 */
@WebListener
public class AuthModuleInstaller implements ServletContextListener {

  @Inject MainspringAuthenticationMechanism mechanism;

  @Override
  public void contextInitialized(ServletContextEvent event) {
    AuthConfigFactory.getFactory()
        .registerServerAuthModule(new MainspringAuthModule(mechanism), event.getServletContext());
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    AuthConfigFactory.getFactory().removeServerAuthModule(event.getServletContext());
  }
}
