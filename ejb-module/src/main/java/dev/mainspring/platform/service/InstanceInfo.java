package dev.mainspring.platform.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who this server instance is: {@code mainspring.instance-id} when configured, otherwise the host
 * name and a random suffix made once per start, so instances behind one load balancer can be told
 * apart.
 */
@ApplicationScoped
public class InstanceInfo {

  private final String id;

  @Inject
  public InstanceInfo(
      @ConfigProperty(name = "mainspring.instance-id") Optional<String> configured) {
    this.id = configured.filter(s -> !s.isBlank()).orElseGet(InstanceInfo::generated);
  }

  protected InstanceInfo() {
    this.id = null;
  }

  public String id() {
    return id;
  }

  private static String generated() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "mainspring";
    }
    return host + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
