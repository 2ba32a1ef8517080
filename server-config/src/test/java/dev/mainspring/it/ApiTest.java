package dev.mainspring.it;

import java.net.URL;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An Arquillian test class of the HTTP API: deploys the real WAR on Payara Micro (booted once for
 * the whole run, see {@code arquillian.SharedPayaraMicroContainer}) and gives each test an
 * anonymous client and the client of one account, with an organization of its own, made once per
 * class.
 */
@ExtendWith(ArquillianExtension.class)
abstract class ApiTest {

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.mainspringWar();
  }

  @ArquillianResource URL base;

  /** No credentials. */
  Http anonymous;

  /** The account's credentials and organization. */
  Http http;

  /** One account per test class (JUnit makes a new instance for every test). */
  private static final Map<Class<?>, Accounts.Account> ACCOUNTS = new ConcurrentHashMap<>();

  @BeforeEach
  void clients() throws Exception {
    anonymous = new Http(base.toURI());
    Accounts.Account account =
        ACCOUNTS.computeIfAbsent(
            getClass(),
            type -> Accounts.withOrganization(anonymous, type.getSimpleName().toLowerCase()));
    http = account.http();
  }
}
