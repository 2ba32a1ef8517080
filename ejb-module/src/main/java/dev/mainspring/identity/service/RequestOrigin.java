package dev.mainspring.identity.service;

import jakarta.enterprise.context.RequestScoped;

/** Where the request being served comes from, for the audit trail and login throttling. */
@RequestScoped
public class RequestOrigin {

  private String address;
  private String requestId;

  public void set(String address, String requestId) {
    this.address = address;
    this.requestId = requestId;
  }

  public String address() {
    return address;
  }

  public String requestId() {
    return requestId;
  }
}
