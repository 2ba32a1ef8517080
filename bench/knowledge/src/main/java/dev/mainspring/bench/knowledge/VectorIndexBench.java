package dev.mainspring.bench.knowledge;

import dev.mainspring.knowledge.service.vector.BuiltinVectorStore;
import dev.mainspring.knowledge.service.vector.IndexedVector;
import dev.mainspring.knowledge.service.vector.VectorHit;
import dev.mainspring.knowledge.service.vector.VectorIndex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * The built-in vector store as a knowledge base's search uses it: {@code size} chunks of {@code
 * dims} dimensions upserted in batches of 1,000 (as the index catch-up does), then {@code queries}
 * searches for the 10 nearest, each timed, and their recall@10 against exact search (every vector
 * compared). Vectors are synthetic, drawn around 1,000 random centres (embeddings of real text
 * cluster by topic; uniformly random vectors in 384 dimensions would have no near neighbours to
 * find), unit length, with a fixed seed. The same queries are asked once per search beam (the
 * candidates a search keeps, {@code mainspring.context.search-beam}) of the list, on one build; the
 * exact answers are computed once.
 *
 * <pre>
 *   java -cp ... dev.mainspring.bench.knowledge.VectorIndexBench [size] [dims] [queries] [beams]
 * </pre>
 */
public final class VectorIndexBench {

  private static final int K = 10;
  private static final int CENTRES = 1_000;

  private VectorIndexBench() {}

  public static void main(String[] args) {
    int size = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int dims = args.length > 1 ? Integer.parseInt(args[1]) : 384;
    int queries = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
    int[] beams =
        args.length > 3
            ? Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray()
            : new int[] {400};
    Random random = new Random(20261206);
    float[][] centres = new float[CENTRES][];
    for (int c = 0; c < CENTRES; c++) {
      centres[c] = unit(gaussian(random, dims, 1.0f));
    }
    float[][] vectors = new float[size][];
    UUID[] ids = new UUID[size];
    for (int i = 0; i < size; i++) {
      vectors[i] = around(random, centres[random.nextInt(CENTRES)], 0.35f);
      ids[i] = new UUID(0, i);
    }

    BuiltinVectorStore store = new BuiltinVectorStore();
    long buildStart = System.nanoTime();
    UUID document = UUID.randomUUID();
    for (int from = 0; from < size; from += 1_000) {
      List<IndexedVector> batch = new ArrayList<>();
      for (int i = from; i < Math.min(size, from + 1_000); i++) {
        if (i % 50 == 0) {
          document = UUID.randomUUID();
        }
        batch.add(new IndexedVector(ids[i], document, vectors[i]));
      }
      store.upsert(VectorIndex.named("bench"), batch);
    }
    double buildSeconds = (System.nanoTime() - buildStart) / 1e9;
    Runtime runtime = Runtime.getRuntime();
    System.gc();
    long heapMb = (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024);

    float[][] asked = new float[queries][];
    List<Set<UUID>> nearest = new ArrayList<>();
    for (int q = 0; q < queries; q++) {
      asked[q] = around(random, centres[random.nextInt(CENTRES)], 0.35f);
      nearest.add(exact(vectors, ids, asked[q]));
    }
    for (int beam : beams) {
      store.searchBeam(beam);
      long[] nanos = new long[queries];
      double recallSum = 0;
      for (int q = 0; q < queries; q++) {
        long start = System.nanoTime();
        List<VectorHit> hits = store.query(VectorIndex.named("bench"), asked[q], K);
        nanos[q] = System.nanoTime() - start;
        Set<UUID> exact = nearest.get(q);
        long found = hits.stream().filter(h -> exact.contains(h.chunkId())).count();
        recallSum += found / (double) K;
      }
      long[] sorted = nanos.clone();
      Arrays.sort(sorted);
      System.out.printf(
          "| %,d | %d | %d | %.1f s (%,.0f chunks/s) | %,d MB | %.2f ms | %.2f ms | %.3f |%n",
          size,
          dims,
          beam,
          buildSeconds,
          size / buildSeconds,
          heapMb,
          sorted[queries / 2] / 1e6,
          sorted[(int) (queries * 0.99) - 1] / 1e6,
          recallSum / queries);
    }
  }

  private static Set<UUID> exact(float[][] vectors, UUID[] ids, float[] query) {
    int[] best = new int[K];
    double[] bestScore = new double[K];
    Arrays.fill(bestScore, Double.NEGATIVE_INFINITY);
    for (int i = 0; i < vectors.length; i++) {
      double score = dot(vectors[i], query);
      if (score > bestScore[K - 1]) {
        int at = K - 1;
        while (at > 0 && bestScore[at - 1] < score) {
          bestScore[at] = bestScore[at - 1];
          best[at] = best[at - 1];
          at--;
        }
        bestScore[at] = score;
        best[at] = i;
      }
    }
    Set<UUID> found = new HashSet<>();
    for (int i : best) {
      found.add(ids[i]);
    }
    return found;
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  private static float[] gaussian(Random random, int dims, float sigma) {
    float[] v = new float[dims];
    for (int i = 0; i < dims; i++) {
      v[i] = (float) random.nextGaussian() * sigma;
    }
    return v;
  }

  private static float[] around(Random random, float[] centre, float spread) {
    float[] noise = gaussian(random, centre.length, spread / (float) Math.sqrt(centre.length));
    for (int i = 0; i < noise.length; i++) {
      noise[i] += centre[i];
    }
    return unit(noise);
  }

  private static float[] unit(float[] v) {
    double norm = Math.sqrt(dot(v, v));
    for (int i = 0; i < v.length; i++) {
      v[i] /= (float) norm;
    }
    return v;
  }
}
