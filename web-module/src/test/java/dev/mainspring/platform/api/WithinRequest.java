package dev.mainspring.platform.api;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs each test as if inside a request: binds a request id to the test's thread, as {@link
 * RequestContextFilter} does, and unbinds it afterwards so no test sees another's id.
 *
 * <pre>{@code
 * @ExtendWith(WithinRequest.class)
 * class SomeMapperTest { ... RequestIds.current() is WithinRequest.REQUEST_ID ... }
 * }</pre>
 */
final class WithinRequest implements BeforeEachCallback, AfterEachCallback {

  static final String REQUEST_ID = "test-request-0001";

  @Override
  public void beforeEach(ExtensionContext context) {
    RequestIds.bind(REQUEST_ID);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    RequestIds.unbind();
  }
}
