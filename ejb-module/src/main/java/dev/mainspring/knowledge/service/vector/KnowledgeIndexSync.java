package dev.mainspring.knowledge.service.vector;

import dev.mainspring.knowledge.model.KnowledgeBase;
import dev.mainspring.knowledge.model.KnowledgeChange;
import dev.mainspring.knowledge.service.vector.KnowledgeIndexReader.IndexTarget;
import dev.mainspring.knowledge.service.vector.KnowledgeIndexReader.StoreInstance;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps this instance's vector stores current with PostgreSQL. At start it reads the change log's
 * position, then loads every knowledge base's vectors; from then on it reads the change log after
 * the position it reached (every {@code mainspring.context.index-catch-up-millis}, default 1000,
 * and at once after a write of this instance) and, per changed document, replaces its vectors in
 * the store (none when the document is gone) or drops a deleted knowledge base's index. The log's
 * sequence is gapless in commit order (V12), so "after the position" misses nothing, and changes
 * made while the start's load ran are applied again harmlessly. Self-contained: no LISTEN
 * connection, only a short query per interval.
 */
@Startup
@Singleton
@DependsOn("SchemaMigrator")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class KnowledgeIndexSync {

  private static final Logger LOG = Logger.getLogger(KnowledgeIndexSync.class.getName());
  private static final int PAGE = 1000;

  @Inject KnowledgeIndexReader reader;
  @Inject VectorStores stores;

  @Resource ManagedScheduledExecutorService scheduler;

  @Inject
  @ConfigProperty(name = "mainspring.context.index-catch-up-millis", defaultValue = "1000")
  long intervalMillis;

  /** How long a search waits for the start's load before it answers 503. */
  private static final long LOAD_WAIT_SECONDS = 30;

  /** How often a failed store is tried again. */
  static final long STALE_RETRY_MILLIS = 5000;

  private final Object lock = new Object();
  private final CountDownLatch loaded = new CountDownLatch(1);
  private long position = -1;
  private long nextRetry;

  /** Knowledge bases whose store missed a change: rebuilt whole once it answers again. */
  private final Set<UUID> stale = new LinkedHashSet<>();

  /** Indexes of deleted knowledge bases whose drop failed, with their store's family. */
  private final Map<VectorIndex, String> pendingDrops = new LinkedHashMap<>();

  private volatile ScheduledFuture<?> task;

  @PostConstruct
  void start() {
    if (intervalMillis < 10) {
      throw new IllegalStateException("mainspring.context.index-catch-up-millis must be >= 10");
    }
    task =
        scheduler.scheduleWithFixedDelay(
            this::scheduledCatchUp, 0, intervalMillis, TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    ScheduledFuture<?> running = task;
    if (running != null) {
      running.cancel(false);
    }
  }

  /**
   * Returns once the start's load is done, so that a search sees every chunk; 503 {@code
   * index_loading} when it takes longer than a short wait.
   */
  public void awaitLoaded() {
    try {
      if (!loaded.await(LOAD_WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new IndexLoadingException();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IndexLoadingException();
    }
  }

  private void scheduledCatchUp() {
    try {
      catchUp();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Catching up with the knowledge change log failed; trying again", e);
    }
  }

  /**
   * Applies every committed change this instance has not applied yet (loading everything first when
   * nothing was loaded); returns when done. Call it after committing a change so that this
   * instance's next search sees it. A store that fails (a pgvector server that does not answer)
   * stops neither the others nor the log: its knowledge bases are marked stale and rebuilt from
   * PostgreSQL once it answers again (tried every {@value #STALE_RETRY_MILLIS} ms), and the deleted
   * ones' indexes are dropped then.
   */
  public void catchUp() {
    synchronized (lock) {
      if (position < 0) {
        load();
      }
      retryStale();
      List<KnowledgeChange> changes;
      do {
        changes = reader.changesAfter(position, PAGE);
        // Documents changed in this page, each applied once, in order of first change.
        Map<UUID, UUID> pending = new LinkedHashMap<>();
        for (KnowledgeChange change : changes) {
          if (change.documentId() == null) {
            apply(pending);
            pending.clear();
            dropEverywhere(change.knowledgeBaseId());
            reload(change.knowledgeBaseId());
          } else {
            pending.putIfAbsent(change.documentId(), change.knowledgeBaseId());
          }
        }
        apply(pending);
        if (!changes.isEmpty()) {
          position = changes.get(changes.size() - 1).sequence();
        }
      } while (changes.size() == PAGE);
    }
  }

  /** Replaces each document's vectors (document to knowledge base) with what PostgreSQL has. */
  private void apply(Map<UUID, UUID> documents) {
    for (Map.Entry<UUID, UUID> document : documents.entrySet()) {
      UUID knowledgeBaseId = document.getValue();
      if (stale.contains(knowledgeBaseId)) {
        continue; // rebuilt whole once its store answers
      }
      Optional<IndexTarget> target = reader.target(knowledgeBaseId);
      if (target.isEmpty()) {
        continue; // the knowledge base went; its own change drops the index
      }
      Optional<VectorStore> store = stores.forFamily(target.get().family());
      if (store.isEmpty()) {
        continue;
      }
      VectorIndex index = target.get().vectorIndex();
      try {
        store.get().deleteDocument(index, document.getKey());
        store.get().upsert(index, reader.documentVectors(document.getKey()));
      } catch (RuntimeException e) {
        markStale(knowledgeBaseId, e);
      }
    }
  }

  /** Every knowledge base's vectors, from a position read before them. */
  private void load() {
    long start = reader.lastChange();
    int total = 0;
    Set<UUID> failed = new HashSet<>();
    for (IndexTarget target : reader.targets()) {
      if (failed.contains(target.providerId())) {
        stale.add(target.knowledgeBaseId()); // its server just failed: do not wait on it again
        continue;
      }
      try {
        total += loadInto(target);
      } catch (RuntimeException e) {
        failed.add(target.providerId());
        markStale(target.knowledgeBaseId(), e);
      }
    }
    position = start;
    loaded.countDown();
    int count = total;
    LOG.info(() -> "Loaded " + count + " knowledge chunks into the vector indexes");
  }

  private void reload(UUID knowledgeBaseId) {
    if (stale.contains(knowledgeBaseId)) {
      return;
    }
    Optional<IndexTarget> target = reader.target(knowledgeBaseId);
    if (target.isPresent()) {
      try {
        loadInto(target.get());
      } catch (RuntimeException e) {
        markStale(knowledgeBaseId, e);
      }
    }
  }

  private int loadInto(IndexTarget target) {
    Optional<VectorStore> store = stores.forFamily(target.family());
    if (store.isEmpty()) {
      return 0;
    }
    int count = 0;
    UUID after = null;
    List<IndexedVector> page;
    do {
      page = reader.vectors(target.knowledgeBaseId(), after, PAGE);
      store.get().upsert(target.vectorIndex(), page);
      count += page.size();
      if (!page.isEmpty()) {
        after = page.get(page.size() - 1).chunkId();
      }
    } while (page.size() == PAGE);
    return count;
  }

  /**
   * Drops the knowledge base's index in every store, on each provider instance of the store's
   * family (the knowledge base, and so its own instance, may be gone). A drop that fails is tried
   * again later: as part of the rebuild when the knowledge base still exists, else on its own.
   */
  private void dropEverywhere(UUID knowledgeBaseId) {
    String name = KnowledgeBase.indexNameOf(knowledgeBaseId);
    for (StoreInstance instance : reader.providers()) {
      Optional<VectorStore> store = stores.forFamily(instance.family());
      if (store.isEmpty()) {
        continue;
      }
      VectorIndex index = new VectorIndex(instance.providerId(), name);
      try {
        store.get().dropIndex(index);
      } catch (RuntimeException e) {
        if (reader.target(knowledgeBaseId).isPresent()) {
          markStale(knowledgeBaseId, e);
        } else {
          pendingDrops.put(index, instance.family());
          LOG.log(Level.WARNING, "Dropping the index " + name + " failed; trying again later", e);
        }
      }
    }
  }

  private void markStale(UUID knowledgeBaseId, RuntimeException e) {
    if (stale.add(knowledgeBaseId)) {
      LOG.log(
          Level.WARNING,
          "The vector store of knowledge base "
              + knowledgeBaseId
              + " missed a change; rebuilding it from PostgreSQL once it answers",
          e);
    }
  }

  /**
   * Rebuilds the stale knowledge bases' indexes (dropped, then loaded from PostgreSQL) and drops
   * the deleted ones' that could not be dropped, at most every {@value #STALE_RETRY_MILLIS} ms.
   */
  private void retryStale() {
    if (stale.isEmpty() && pendingDrops.isEmpty()) {
      return;
    }
    long now = System.currentTimeMillis();
    if (now < nextRetry) {
      return;
    }
    nextRetry = now + STALE_RETRY_MILLIS;
    Set<UUID> existing = new HashSet<>();
    reader.providers().forEach(instance -> existing.add(instance.providerId()));
    for (Iterator<Map.Entry<VectorIndex, String>> it = pendingDrops.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<VectorIndex, String> drop = it.next();
      Optional<VectorStore> store = stores.forFamily(drop.getValue());
      if (store.isEmpty() || !existing.contains(drop.getKey().provider())) {
        it.remove();
        continue;
      }
      try {
        store.get().dropIndex(drop.getKey());
        it.remove();
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "Dropping " + drop.getKey() + " failed again", e);
      }
    }
    // A server that failed once in this pass is not asked again until the next: each attempt may
    // wait for its connect timeout, and the other stores' changes wait meanwhile.
    Set<UUID> failed = new HashSet<>();
    for (Iterator<UUID> it = stale.iterator(); it.hasNext(); ) {
      UUID knowledgeBaseId = it.next();
      Optional<IndexTarget> target = reader.target(knowledgeBaseId);
      Optional<VectorStore> store = target.flatMap(t -> stores.forFamily(t.family()));
      if (store.isEmpty()) {
        it.remove();
        continue;
      }
      if (failed.contains(target.get().providerId())) {
        continue;
      }
      try {
        store.get().dropIndex(target.get().vectorIndex());
        int count = loadInto(target.get());
        it.remove();
        LOG.info(() -> "Rebuilt the index of knowledge base " + knowledgeBaseId + ": " + count);
      } catch (RuntimeException e) {
        failed.add(target.get().providerId());
        LOG.log(Level.FINE, "Rebuilding knowledge base " + knowledgeBaseId + " failed again", e);
      }
    }
  }
}
