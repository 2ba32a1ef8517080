package dev.mainspring.knowledge.service.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mainspring.knowledge.service.SyncJob;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ResyncStateTest {

  private static final UUID RUN = UUID.randomUUID();
  private static final UUID FIRST = UUID.fromString("00000000-0000-7000-8000-000000000001");
  private static final UUID SECOND = UUID.fromString("00000000-0000-7000-8000-000000000002");

  private static ResyncState.File file(UUID source, String path) {
    SyncJob.Plan plan =
        new SyncJob.Plan(RUN, RUN, source, "/dir", List.of(), List.of(), null, null, null);
    return new ResyncState.File(plan, Path.of("/dir"), path);
  }

  private static List<String> keys(List<ResyncState.File> files) {
    return files.stream().map(ResyncState.File::key).toList();
  }

  private static final List<ResyncState.File> FILES =
      ResyncState.ordered(
          List.of(
              file(SECOND, "a.txt"),
              file(FIRST, "z.txt"),
              file(FIRST, "sub/b.md"),
              file(SECOND, "sub/a.txt")));

  @Test
  void filesAreOrderedBySourceThenPath() {
    assertEquals(
        List.of(FIRST + "/sub/b.md", FIRST + "/z.txt", SECOND + "/a.txt", SECOND + "/sub/a.txt"),
        keys(FILES));
  }

  @Test
  void withoutCheckpointEveryFileIsRead() {
    assertEquals(keys(FILES), keys(ResyncState.after(FILES, null, null)));
  }

  @Test
  void readingGoesOnAfterTheLaterOfTheTwoCheckpoints() {
    String runtime = SyncJob.key(FIRST, "sub/b.md");
    String recorded = SyncJob.key(SECOND, "a.txt");
    List<String> expected = List.of(SECOND + "/sub/a.txt");
    assertEquals(expected, keys(ResyncState.after(FILES, runtime, recorded)));
    assertEquals(expected, keys(ResyncState.after(FILES, recorded, runtime)));
    assertEquals(expected, keys(ResyncState.after(FILES, null, recorded)));
  }

  @Test
  void aCheckpointInTheFirstSourceResumesInsideItBeforeTheNextSource() {
    assertEquals(
        List.of(FIRST + "/z.txt", SECOND + "/a.txt", SECOND + "/sub/a.txt"),
        keys(ResyncState.after(FILES, null, SyncJob.key(FIRST, "sub/b.md"))));
  }

  @Test
  void aCheckpointOfAVanishedFileResumesAtTheNextOne() {
    assertEquals(
        List.of(SECOND + "/a.txt", SECOND + "/sub/a.txt"),
        keys(ResyncState.after(FILES, SyncJob.key(FIRST, "zz-gone.txt"), null)));
  }
}
