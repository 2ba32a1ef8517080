package dev.mainspring.knowledge.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mainspring.knowledge.service.vector.VectorHit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KnowledgeSearchTest {

  private static final UUID A = UUID.fromString("00000000-0000-0000-0000-00000000000a");
  private static final UUID B = UUID.fromString("00000000-0000-0000-0000-00000000000b");
  private static final UUID C = UUID.fromString("00000000-0000-0000-0000-00000000000c");
  private static final UUID D = UUID.fromString("00000000-0000-0000-0000-00000000000d");

  @Test
  void fusionRanksWhatBothListsFindAboveWhatOneRanksFirst() {
    List<VectorHit> semantic = List.of(hit(A, 0.99), hit(B, 0.98), hit(C, 0.5));
    List<VectorHit> keyword = List.of(hit(D, 0.9), hit(C, 0.8), hit(B, 0.1));
    List<VectorHit> fused = KnowledgeSearch.fuse(List.of(semantic, keyword), 3);
    // B: ranks 2 and 3; C: ranks 3 and 2 (a tie, broken by id); A and D: rank 1 in one list.
    assertEquals(List.of(B, C, A), fused.stream().map(VectorHit::chunkId).toList());
    assertEquals(1.0 / 62 + 1.0 / 63, fused.get(0).score(), 1e-12);
    assertEquals(1.0 / 61, fused.get(2).score(), 1e-12);
  }

  @Test
  void fusionIgnoresTheListsOwnScoresAndKeepsAtMostTopK() {
    List<VectorHit> tiny = List.of(hit(A, 0.0001));
    List<VectorHit> huge = List.of(hit(B, 1000));
    List<VectorHit> fused = KnowledgeSearch.fuse(List.of(tiny, huge), 1);
    assertEquals(1, fused.size());
    assertEquals(A, fused.get(0).chunkId(), "equal ranks tie; the id breaks it, not the score");
    assertEquals(List.of(), KnowledgeSearch.fuse(List.of(List.of(), List.of()), 5));
  }

  private static VectorHit hit(UUID chunk, double score) {
    return new VectorHit(chunk, score);
  }
}
