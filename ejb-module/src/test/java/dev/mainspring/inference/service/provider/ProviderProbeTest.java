package dev.mainspring.inference.service.provider;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProviderProbeTest {

  @Test
  void providersAreNotCalledInsideATransaction() {
    assertThrows(
        IllegalStateException.class,
        () -> ProviderProbe.requireNoTransaction(registryWith(Status.STATUS_ACTIVE)));
    assertThrows(
        IllegalStateException.class,
        () -> ProviderProbe.requireNoTransaction(registryWith(Status.STATUS_MARKED_ROLLBACK)));
  }

  @Test
  void providersAreCalledWithoutATransaction() {
    assertDoesNotThrow(
        () -> ProviderProbe.requireNoTransaction(registryWith(Status.STATUS_NO_TRANSACTION)));
  }

  @Test
  void advertisedModelIdsAreReadFromAnOpenAiModelList() {
    assertEquals(
        List.of("a", "b"),
        ProviderProbe.modelIds(
            "{\"object\":\"list\",\"data\":[{\"id\":\"a\"},{\"id\":\"b\"},{}]}"));
    assertEquals(List.of(), ProviderProbe.modelIds("not json"));
  }

  /** The container's view of the calling thread's transaction, reduced to its status. */
  private static TransactionSynchronizationRegistry registryWith(int status) {
    return new TransactionSynchronizationRegistry() {
      @Override
      public int getTransactionStatus() {
        return status;
      }

      @Override
      public Object getTransactionKey() {
        return status == Status.STATUS_NO_TRANSACTION ? null : "tx";
      }

      @Override
      public void putResource(Object key, Object value) {}

      @Override
      public Object getResource(Object key) {
        return null;
      }

      @Override
      public void registerInterposedSynchronization(Synchronization sync) {}

      @Override
      public void setRollbackOnly() {}

      @Override
      public boolean getRollbackOnly() {
        return false;
      }
    };
  }
}
