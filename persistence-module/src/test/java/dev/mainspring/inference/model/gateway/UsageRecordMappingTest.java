package dev.mainspring.inference.model.gateway;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import jakarta.persistence.Entity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@code usage_records} has one mapping, {@link UsageRecordRepository}'s JDBC: no JPA entity maps
 * the same table beside it (docs/architecture.md says why).
 */
class UsageRecordMappingTest {

  @Test
  void usageRecordIsNoEntity() {
    assertFalse(UsageRecord.class.isAnnotationPresent(Entity.class));
  }

  @Test
  void persistenceUnitListsNoUsageRecord() throws IOException {
    try (InputStream unit =
        getClass().getClassLoader().getResourceAsStream("META-INF/persistence.xml")) {
      assertNotNull(unit);
      String xml = new String(unit.readAllBytes(), StandardCharsets.UTF_8);
      assertFalse(xml.contains(UsageRecord.class.getName() + "<"), xml);
    }
  }
}
