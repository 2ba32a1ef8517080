package dev.mainspring.knowledge.service.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class InProcessIndexTest {

  private static final VectorIndex I = VectorIndex.named("i");

  private static final int DIMENSIONS = 32;

  @Test
  void findsTheNearestVectorsWithTheirCosine() {
    BuiltinVectorStore store = new BuiltinVectorStore();
    UUID doc = UUID.randomUUID();
    IndexedVector x = new IndexedVector(UUID.randomUUID(), doc, new float[] {1, 0, 0});
    IndexedVector y = new IndexedVector(UUID.randomUUID(), doc, new float[] {0, 1, 0});
    IndexedVector xy = new IndexedVector(UUID.randomUUID(), doc, new float[] {1, 1, 0});
    store.upsert(I, List.of(x, y, xy));
    List<VectorHit> hits = store.query(I, new float[] {1, 0.1f, 0}, 2);
    assertEquals(
        List.of(x.chunkId(), xy.chunkId()), hits.stream().map(VectorHit::chunkId).toList());
    assertEquals(0.995, hits.get(0).score(), 0.01);
    assertEquals(List.of(), store.query(VectorIndex.named("unknown"), new float[] {1, 0, 0}, 2));
  }

  @Test
  void deletedDocumentsAndDroppedIndexesAreNotFoundAndUpsertsReplace() {
    BuiltinVectorStore store = new BuiltinVectorStore();
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    UUID chunk = UUID.randomUUID();
    store.upsert(I, List.of(new IndexedVector(chunk, a, new float[] {1, 0})));
    store.upsert(I, List.of(new IndexedVector(chunk, a, new float[] {0, 1})));
    store.upsert(I, List.of(new IndexedVector(UUID.randomUUID(), b, new float[] {1, 0})));
    assertEquals(2, store.size(I), "the same chunk twice is one entry");
    store.deleteDocument(I, b);
    List<VectorHit> hits = store.query(I, new float[] {1, 0}, 5);
    assertEquals(List.of(chunk), hits.stream().map(VectorHit::chunkId).toList());
    assertEquals(0.0, hits.get(0).score(), 0.01, "the replaced vector is the one searched");
    store.dropIndex(I);
    assertEquals(0, store.size(I));
  }

  @Test
  void aFilteredSearchFindsOnlyTheGivenDocumentsNearestFirst() {
    Random random = new Random(7);
    BuiltinVectorStore store = new BuiltinVectorStore();
    List<IndexedVector> all = new ArrayList<>();
    List<UUID> documents = new ArrayList<>();
    // Enough chunks in the wide filter to take the graph path, few in the narrow one (exact path).
    for (int d = 0; d < 120; d++) {
      UUID doc = UUID.randomUUID();
      documents.add(doc);
      for (int c = 0; c < 50; c++) {
        all.add(new IndexedVector(UUID.randomUUID(), doc, randomVector(random)));
      }
    }
    store.upsert(I, all);
    float[] query = randomVector(random);
    for (Set<UUID> allowed :
        List.of(
            Set.of(documents.get(3), documents.get(77)), new HashSet<>(documents.subList(0, 90)))) {
      List<UUID> expected =
          all.stream()
              .filter(v -> allowed.contains(v.documentId()))
              .sorted(Comparator.comparingDouble((IndexedVector v) -> -cosine(query, v.vector())))
              .limit(10)
              .map(IndexedVector::chunkId)
              .toList();
      List<VectorHit> hits = store.query(I, query, 10, allowed);
      Set<UUID> fromAllowed =
          all.stream()
              .filter(v -> allowed.contains(v.documentId()))
              .map(IndexedVector::chunkId)
              .collect(Collectors.toSet());
      assertEquals(10, hits.size());
      assertTrue(hits.stream().allMatch(h -> fromAllowed.contains(h.chunkId())), "filter held");
      long found = hits.stream().filter(h -> expected.contains(h.chunkId())).count();
      assertTrue(found >= 9, "recall@10 of a filtered search: " + found + "/10");
      for (int i = 1; i < hits.size(); i++) {
        assertTrue(hits.get(i - 1).score() >= hits.get(i).score(), "nearest first");
      }
    }
    assertEquals(List.of(), store.query(I, query, 10, Set.of(UUID.randomUUID())));
  }

  @Test
  void recallAtTenAgainstExactSearchStaysHighThroughDeletions() {
    Random random = new Random(42);
    BuiltinVectorStore store = new BuiltinVectorStore();
    List<IndexedVector> all = new ArrayList<>();
    List<UUID> documents = new ArrayList<>();
    for (int d = 0; d < 200; d++) {
      UUID doc = UUID.randomUUID();
      documents.add(doc);
      List<IndexedVector> chunks = new ArrayList<>();
      for (int c = 0; c < 10; c++) {
        chunks.add(new IndexedVector(UUID.randomUUID(), doc, randomVector(random)));
      }
      store.upsert(I, chunks);
      all.addAll(chunks);
    }
    Set<UUID> gone = new HashSet<>(documents.subList(0, 80));
    gone.forEach(doc -> store.deleteDocument(I, doc));
    List<IndexedVector> live = all.stream().filter(v -> !gone.contains(v.documentId())).toList();
    assertEquals(live.size(), store.size(I));
    double found = 0;
    int queries = 50;
    for (int q = 0; q < queries; q++) {
      float[] query = randomVector(random);
      Set<UUID> exact =
          live.stream()
              .sorted(Comparator.comparingDouble((IndexedVector v) -> -cosine(v.vector(), query)))
              .limit(10)
              .map(IndexedVector::chunkId)
              .collect(Collectors.toSet());
      List<VectorHit> hits = store.query(I, query, 10);
      hits.forEach(h -> assertTrue(live.stream().anyMatch(v -> v.chunkId().equals(h.chunkId()))));
      found += hits.stream().filter(h -> exact.contains(h.chunkId())).count();
    }
    double recall = found / (queries * 10.0);
    assertTrue(recall >= 0.95, "recall@10 " + recall);
  }

  private static float[] randomVector(Random random) {
    float[] vector = new float[DIMENSIONS];
    for (int i = 0; i < DIMENSIONS; i++) {
      vector[i] = (float) random.nextGaussian();
    }
    return vector;
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }
}
