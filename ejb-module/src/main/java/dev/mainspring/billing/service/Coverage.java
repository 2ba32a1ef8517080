package dev.mainspring.billing.service;

/**
 * An estimate in micro-credits against what an organization has available (credits and promotional
 * credits less its open holds).
 *
 * @param estimate the estimated cost; 0 for a model without a price
 * @param available what a new hold could take now; negative when usage overdrew the organization
 */
public record Coverage(long estimate, long available) {

  /**
   * Whether the estimate is covered. A free call is covered whatever the balance, as the gateway
   * holds nothing for it; a priced one needs at least its estimate available.
   */
  public boolean covered() {
    return estimate == 0 || available >= estimate;
  }
}
