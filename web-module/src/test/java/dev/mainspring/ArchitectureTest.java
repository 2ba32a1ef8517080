package dev.mainspring;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.mainspring.project.api.ProjectResource;
import dev.mainspring.project.model.Project;
import dev.mainspring.project.service.DefaultProjectService;
import dev.mainspring.project.service.ProjectView;
import jakarta.ejb.Singleton;
import jakarta.ejb.Stateful;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.persistence.Entity;
import jakarta.transaction.Transactional;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The layering rules of STYLE.md, checked against the main classes of every module (they are all on
 * this module's test classpath). Contexts are the first package under {@code dev.mainspring}; tiers
 * are the {@code api}, {@code service} and {@code model} packages within them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArchitectureTest {

  // Tiers are named within dev.mainspring only: libraries have api packages of their own
  // (org.flywaydb.core.api) that the web tier rules are not about. A tier sits right below its
  // context (dev.mainspring.<context>.<tier>), so the context named "model" (model serving) is not
  // taken for the entity tier.
  private static final String API = "dev.mainspring.*.api..";
  private static final String SERVICE = "dev.mainspring.*.service..";
  private static final String MODEL = "dev.mainspring.*.model..";

  private final JavaClasses mainspring =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.mainspring");

  @Test
  void importSeesTheClassesOfEveryModule() {
    assertTrue(mainspring.contain(Project.class), "persistence-module");
    assertTrue(mainspring.contain(DefaultProjectService.class), "ejb-module");
    assertTrue(mainspring.contain(ProjectResource.class), "web-module");
    assertFalse(mainspring.contain(ArchitectureTest.class), "test classes are not checked");
  }

  @Test
  void contextsDoNotDependOnEachOtherInACycle() {
    slices().matching("dev.mainspring.(*)..").should().beFreeOfCycles().check(mainspring);
  }

  @Test
  void noEntityAppearsInAPublicSignatureOfTheWebTier() {
    classes()
        .that()
        .resideInAPackage(API)
        .should(notExposeEntitiesInPublicSignatures())
        .check(mainspring);
  }

  @Test
  void servicesAreTheOnlyTransactionBoundary() {
    noClasses()
        .that()
        .resideInAnyPackage(API, MODEL)
        .should()
        .beAnnotatedWith(Stateless.class)
        .orShould()
        .beAnnotatedWith(Stateful.class)
        .orShould()
        .beAnnotatedWith(Singleton.class)
        .orShould()
        .beAnnotatedWith(TransactionAttribute.class)
        .orShould()
        .beAnnotatedWith(Transactional.class)
        .check(mainspring);
    noMethods()
        .that()
        .areDeclaredInClassesThat()
        .resideInAnyPackage(API, MODEL)
        .should()
        .beAnnotatedWith(TransactionAttribute.class)
        .orShould()
        .beAnnotatedWith(Transactional.class)
        .check(mainspring);
  }

  @Test
  void modelDependsOnNeitherServicesNorTheWebTier() {
    noClasses()
        .that()
        .resideInAPackage(MODEL)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(SERVICE, API)
        .check(mainspring);
  }

  @Test
  void servicesDoNotDependOnTheWebTier() {
    noClasses()
        .that()
        .resideInAPackage(SERVICE)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(API)
        .check(mainspring);
  }

  @Test
  void theWebTierReachesThePersistenceTierOnlyThroughServices() {
    noClasses()
        .that()
        .resideInAPackage(API)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(MODEL)
        .check(mainspring);
  }

  /**
   * Connections, statements and result sets only in repositories (and the persistence tier's
   * platform helpers). {@code SQLException} is not on the list: the services that classify a
   * failure by its SQL state read it. {@code SchemaMigrator} hands the owner's pool to Flyway.
   */
  @Test
  void onlyRepositoriesSpeakJdbc() {
    noClasses()
        .that()
        .haveSimpleNameNotEndingWith("Repository")
        .and()
        .resideOutsideOfPackage("dev.mainspring.platform.model..")
        .and()
        .doNotHaveFullyQualifiedName("dev.mainspring.platform.service.SchemaMigrator")
        .and()
        // The pgvector adapter talks to a provider's PostgreSQL server, not Mainspring's database.
        .resideOutsideOfPackage("dev.mainspring.knowledge.service.vector.pgvector..")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.sql.Connection")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.sql.Statement")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.sql.PreparedStatement")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.sql.ResultSet")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.sql.DriverManager")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("javax.sql.DataSource")
        .check(mainspring);
  }

  /**
   * The records a service hands to the web tier (views, results) reach no entity, also not through
   * other records they hold: the web tier could otherwise read or change an entity outside the
   * transaction that loaded it. Records passed between the services of one context within a call (a
   * provider and its family read in one transaction for a call made after it) are not views and may
   * carry detached entities, read only.
   */
  @Test
  void noEntityIsReachableThroughTheRecordsServicesGiveTheWebTier() {
    classes()
        .that()
        .resideInAPackage(SERVICE)
        .and()
        .areRecords()
        .and(referencedFromTheWebTier())
        .should(notReachEntities())
        .check(mainspring);
  }

  private static DescribedPredicate<JavaClass> referencedFromTheWebTier() {
    return new DescribedPredicate<>("are used by the web tier") {
      @Override
      public boolean test(JavaClass type) {
        return type.getDirectDependenciesToSelf().stream()
            .anyMatch(d -> d.getOriginClass().getPackageName().matches(WEB_TIER_PACKAGE));
      }
    };
  }

  private static final String WEB_TIER_PACKAGE = "dev\\.mainspring\\.[^.]+\\.api(\\..*)?";

  @Test
  void theEntityReachRuleLooksInsideNestedRecords() {
    var result =
        classes()
            .should(notReachEntities())
            .evaluate(new ClassFileImporter().importClasses(Outer.class, Inner.class));
    assertTrue(result.hasViolation());
    assertTrue(result.getFailureReport().toString().contains("Inner.projects"));
  }

  record Inner(List<Project> projects) {}

  record Outer(String name, Optional<Inner> inner) {}

  /**
   * A public record of a service (a view, a step's result, an event) carries no {@code @Entity},
   * also not inside another of Mainspring's records or types it holds: whoever gets the record
   * could change the entity outside the transaction that loaded it.
   */
  static ArchCondition<JavaClass> notReachEntities() {
    return new ArchCondition<>("not reach @Entity classes through their components") {
      @Override
      public void check(JavaClass record, ConditionEvents events) {
        Set<String> seen = new TreeSet<>();
        java.util.Deque<JavaClass> todo = new java.util.ArrayDeque<>(List.of(record));
        while (!todo.isEmpty()) {
          JavaClass type = todo.pop();
          if (!seen.add(type.getName())) {
            continue;
          }
          for (var field : type.getFields()) {
            if (field.getModifiers().contains(JavaModifier.STATIC)) {
              continue;
            }
            for (JavaClass raw : field.getType().getAllInvolvedRawTypes()) {
              if (raw.isAnnotatedWith(Entity.class)) {
                events.add(
                    SimpleConditionEvent.violated(
                        record,
                        record.getName()
                            + " reaches entity "
                            + raw.getName()
                            + " through "
                            + field.getFullName()));
              } else if (raw.getPackageName().startsWith("dev.mainspring") && raw.isRecord()) {
                todo.push(raw);
              }
            }
          }
        }
      }
    };
  }

  /** Resource-shaped classes to show that the entity rule sees what it should. */
  static class LeakyResource {
    public Optional<List<Project>> page(Map<String, Project> byName) {
      return Optional.empty();
    }
  }

  static class TidyResource {
    public ProjectView get(String id) {
      return null;
    }

    Project internalHelper() {
      return null;
    }
  }

  @Test
  void entityRuleFindsEntitiesInsideGenericTypes() {
    ArchRule rule = classes().should(notExposeEntitiesInPublicSignatures());

    var result = rule.evaluate(new ClassFileImporter().importClasses(LeakyResource.class));

    assertTrue(result.hasViolation());
    String report = result.getFailureReport().toString();
    assertTrue(report.contains("returns"), report);
    assertTrue(report.contains("takes"), report);
  }

  @Test
  void entityRuleIgnoresNonPublicMethodsAndViews() {
    ArchRule rule = classes().should(notExposeEntitiesInPublicSignatures());

    var result = rule.evaluate(new ClassFileImporter().importClasses(TidyResource.class));

    assertFalse(result.hasViolation(), () -> result.getFailureReport().toString());
  }

  /**
   * No public method or constructor takes or returns an {@code @Entity}, also not as a type
   * argument ({@code List<Project>}): the web tier speaks in records built from service views.
   */
  static ArchCondition<JavaClass> notExposeEntitiesInPublicSignatures() {
    return new ArchCondition<>("not take or return @Entity classes in public methods") {
      @Override
      public void check(JavaClass type, ConditionEvents events) {
        for (JavaCodeUnit unit : type.getCodeUnits()) {
          if (!unit.getModifiers().contains(JavaModifier.PUBLIC)) {
            continue;
          }
          report(unit, "returns", entitiesIn(Set.of(unit.getReturnType())), events);
          report(unit, "takes", entitiesIn(unit.getParameterTypes()), events);
        }
      }
    };
  }

  private static Set<String> entitiesIn(Collection<? extends JavaType> types) {
    Set<String> entities = new TreeSet<>();
    for (JavaType t : types) {
      for (JavaClass raw : t.getAllInvolvedRawTypes()) {
        if (raw.isAnnotatedWith(Entity.class)) {
          entities.add(raw.getName());
        }
      }
    }
    return entities;
  }

  private static void report(
      JavaCodeUnit unit, String verb, Set<String> entities, ConditionEvents events) {
    for (String entity : entities) {
      events.add(
          SimpleConditionEvent.violated(
              unit,
              unit.getFullName()
                  + " "
                  + verb
                  + " entity "
                  + entity
                  + " in "
                  + unit.getSourceCodeLocation()));
    }
  }
}
