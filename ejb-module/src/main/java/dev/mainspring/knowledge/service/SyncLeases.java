package dev.mainspring.knowledge.service;

import dev.mainspring.platform.service.InstanceInfo;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The name this instance's sync-run leases carry (the instance id and a suffix made once per start,
 * so a restarted instance does not take its predecessor's leases for its own) and how long a lease
 * lasts ({@code mainspring.context.sync-lease-seconds}, default 30).
 */
@ApplicationScoped
public class SyncLeases {

  @Inject InstanceInfo instance;

  @Inject
  @ConfigProperty(name = "mainspring.context.sync-lease-seconds", defaultValue = "30")
  int seconds;

  private String owner;

  @PostConstruct
  void init() {
    if (seconds < 2) {
      throw new IllegalStateException("mainspring.context.sync-lease-seconds must be >= 2");
    }
    owner = instance.id() + "/" + UUID.randomUUID().toString().substring(0, 8);
  }

  public String owner() {
    return owner;
  }

  public int seconds() {
    return seconds;
  }
}
