package dev.mainspring.knowledge.service.vector;

import dev.mainspring.knowledge.model.KnowledgeBase;
import dev.mainspring.knowledge.model.KnowledgeChange;
import dev.mainspring.knowledge.service.vector.KnowledgeIndexReader.IndexTarget;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  private final Object lock = new Object();
  private final CountDownLatch loaded = new CountDownLatch(1);
  private long position = -1;
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
   * instance's next search sees it.
   */
  public void catchUp() {
    synchronized (lock) {
      if (position < 0) {
        load();
      }
      List<KnowledgeChange> changes;
      do {
        changes = reader.changesAfter(position, PAGE);
        // Documents changed in this page, each applied once, in order of first change.
        Map<UUID, UUID> pending = new LinkedHashMap<>();
        for (KnowledgeChange change : changes) {
          if (change.documentId() == null) {
            apply(pending);
            pending.clear();
            dropEverywhere(KnowledgeBase.indexNameOf(change.knowledgeBaseId()));
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
      Optional<IndexTarget> target = reader.target(document.getValue());
      if (target.isEmpty()) {
        continue; // the knowledge base went; its own change drops the index
      }
      Optional<VectorStore> store = stores.forFamily(target.get().family());
      if (store.isEmpty()) {
        continue;
      }
      store.get().deleteDocument(target.get().index(), document.getKey());
      store.get().upsert(target.get().index(), reader.documentVectors(document.getKey()));
    }
  }

  /** Every knowledge base's vectors, from a position read before them. */
  private void load() {
    long start = reader.lastChange();
    int total = 0;
    for (IndexTarget target : reader.targets()) {
      total += loadInto(target);
    }
    position = start;
    loaded.countDown();
    int count = total;
    LOG.info(() -> "Loaded " + count + " knowledge chunks into the vector indexes");
  }

  private void reload(UUID knowledgeBaseId) {
    reader.target(knowledgeBaseId).ifPresent(this::loadInto);
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
      store.get().upsert(target.index(), page);
      count += page.size();
      if (!page.isEmpty()) {
        after = page.get(page.size() - 1).chunkId();
      }
    } while (page.size() == PAGE);
    return count;
  }

  private void dropEverywhere(String index) {
    for (VectorStore store : stores.all()) {
      store.dropIndex(index);
    }
  }
}
