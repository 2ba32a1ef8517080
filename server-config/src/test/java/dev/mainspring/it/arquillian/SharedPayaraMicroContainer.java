package dev.mainspring.it.arquillian;

import fish.payara.arquillian.container.payara.managed.PayaraMicroContainerConfiguration;
import fish.payara.arquillian.container.payara.managed.PayaraMicroDeployableContainer;
import java.util.logging.Logger;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.container.LifecycleException;
import org.jboss.arquillian.container.spi.client.protocol.ProtocolDescription;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.shrinkwrap.api.Archive;

/**
 * Payara Micro booted once for the whole integration-test run instead of once per test class.
 *
 * <p>Payara's managed connector starts a Payara Micro process in {@code deploy} and kills it in
 * {@code undeploy}, and Arquillian deploys and undeploys around every test class: with some thirty
 * classes that was a quarter of an hour of boots. Every class deploys the very same WAR with the
 * same options ({@code arquillian.xml}), so this container deploys it on the first class, answers
 * the following classes with the same server, and undeploys it when Arquillian stops its containers
 * at the end of the run. The classes already shared one database; sharing the server too is what a
 * long-running deployment does, and the tests make their own accounts and organizations so they do
 * not lean on a fresh one.
 */
public class SharedPayaraMicroContainer
    implements DeployableContainer<PayaraMicroContainerConfiguration> {

  private static final Logger LOG = Logger.getLogger(SharedPayaraMicroContainer.class.getName());

  private final PayaraMicroDeployableContainer delegate = new PayaraMicroDeployableContainer();

  private Archive<?> deployed;
  private ProtocolMetaData metaData;

  @Override
  public Class<PayaraMicroContainerConfiguration> getConfigurationClass() {
    return PayaraMicroContainerConfiguration.class;
  }

  @Override
  public void setup(PayaraMicroContainerConfiguration configuration) {
    delegate.setup(configuration);
  }

  @Override
  public ProtocolDescription getDefaultProtocol() {
    return delegate.getDefaultProtocol();
  }

  @Override
  public void start() throws LifecycleException {
    delegate.start();
  }

  @Override
  public synchronized ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException {
    if (deployed != null) {
      if (!deployed.getName().equals(archive.getName())) {
        throw new DeploymentException(
            "the shared server runs "
                + deployed.getName()
                + "; a test class asked for "
                + archive.getName());
      }
      return metaData;
    }
    metaData = delegate.deploy(archive);
    deployed = archive;
    return metaData;
  }

  /** Keeps the server for the next class; {@link #stop} ends it. */
  @Override
  public void undeploy(Archive<?> archive) {
    LOG.fine(() -> "keeping " + archive.getName() + " deployed for the next test class");
  }

  @Override
  public synchronized void stop() throws LifecycleException {
    try {
      if (deployed != null) {
        delegate.undeploy(deployed);
      }
    } catch (DeploymentException e) {
      throw new LifecycleException("cannot stop the shared Payara Micro", e);
    } finally {
      deployed = null;
      metaData = null;
      delegate.stop();
    }
  }
}
