package dev.mainspring.run.service;

import dev.mainspring.identity.service.Caller;
import jakarta.enterprise.context.ApplicationScoped;

/** Admits every run: the deployment does not bill runs (no billing context is installed). */
@ApplicationScoped
public class OpenRunAdmission implements RunAdmission {

  @Override
  public void admit(Caller caller, String model) {
    // Nothing to check: with no billing, every caller may run what their rights allow.
  }
}
