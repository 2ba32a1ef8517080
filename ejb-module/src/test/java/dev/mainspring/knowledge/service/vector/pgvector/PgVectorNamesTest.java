package dev.mainspring.knowledge.service.vector.pgvector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.knowledge.model.KnowledgeBase;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PgVectorNamesTest {

  @Test
  void knowledgeBaseAndProofIndexesNameQuotedTables() {
    String kb = KnowledgeBase.indexNameOf(UUID.fromString("0190aaaa-bbbb-7ccc-8ddd-eeeeffff0000"));
    assertEquals("\"msv_kb_0190aaaabbbb7ccc8dddeeeeffff0000\"", PgVectorNames.table(kb));
    assertEquals("\"msv_kb_0190aaaabbbb7ccc8dddeeeeffff0000_hnsw\"", PgVectorNames.hnswIndex(kb));
    assertEquals("msv_proof_docs", PgVectorNames.tableName("proof_docs"));
  }

  @Test
  void namesThatCouldBreakOutOfTheIdentifierAreRefusedNotRewritten() {
    for (String bad :
        new String[] {
          null,
          "",
          "Docs",
          "1docs",
          "_docs",
          "docs-1",
          "docs\"; drop table x; --",
          "docs name",
          "dócs",
          "a".repeat(PgVectorNames.MAX_INDEX_NAME + 1)
        }) {
      assertFalse(PgVectorNames.valid(bad), String.valueOf(bad));
      assertThrows(IllegalArgumentException.class, () -> PgVectorNames.table(bad));
    }
  }

  @Test
  void theLongestNameFitsPostgresIdentifiersWithItsSuffix() {
    String longest = "a".repeat(PgVectorNames.MAX_INDEX_NAME);
    assertTrue(PgVectorNames.valid(longest));
    String hnsw = PgVectorNames.hnswIndex(longest);
    assertEquals(63, hnsw.length() - 2, "PostgreSQL keeps 63 bytes of an identifier");
  }

  @Test
  void quotingDoublesEmbeddedQuotes() {
    assertEquals("\"a\"\"b\"", PgVectorNames.quote("a\"b"));
  }

  @Test
  void vectorsAreWrittenInPgvectorsTextForm() {
    assertEquals("[1.0,-0.5,2.5E-5]", PgVectorStore.literal(new float[] {1f, -0.5f, 2.5e-5f}));
  }
}
