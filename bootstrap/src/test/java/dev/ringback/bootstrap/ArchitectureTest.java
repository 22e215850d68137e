package dev.ringback.bootstrap;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dependency rule of the hexagon, checked on the compiled classes of every module. */
class ArchitectureTest {
    private static final List<String> ADAPTERS = List.of(
            "dev.ringback.adapters.persistence", "dev.ringback.adapters.openclaw", "dev.ringback.adapters.http");

    private static JavaClasses production;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar") && !location.contains("/test-classes/"))
                .importPackages("dev.ringback");
    }

    static ArchRule onlyJdkAnd(String packageName, String... allowed) {
        String[] packages = new String[allowed.length + 2];
        packages[0] = "java..";
        packages[1] = packageName + "..";
        System.arraycopy(allowed, 0, packages, 2, allowed.length);
        // Dagger writes factories for the application's @Inject classes into their packages while
        // compiling bootstrap; they belong to bootstrap, not to the module under test.
        return classes().that().resideInAPackage(packageName + "..")
                .and().haveNameNotMatching(".*_(Factory|MembersInjector)")
                .should().onlyDependOnClassesThat().resideInAnyPackage(packages)
                .allowEmptyShould(false);
    }

    @Test
    void everyModuleWasImported() {
        for (String pkg : List.of("dev.ringback.domain", "dev.ringback.application", "dev.ringback.adapters.persistence",
                "dev.ringback.adapters.openclaw", "dev.ringback.adapters.http", "dev.ringback.bootstrap")) {
            assertThat(production.stream().anyMatch(c -> c.getPackageName().startsWith(pkg))).as(pkg).isTrue();
        }
    }

    @Test
    void domainUsesOnlyTheJdk() {
        onlyJdkAnd("dev.ringback.domain").check(production);
    }

    @Test
    void applicationUsesOnlyTheDomainAndJakartaInject() {
        onlyJdkAnd("dev.ringback.application", "dev.ringback.domain..", "jakarta.inject..").check(production);
    }

    @Test
    void adaptersNeverImportEachOther() {
        for (String adapter : ADAPTERS) {
            for (String other : ADAPTERS) {
                if (!adapter.equals(other)) {
                    noClasses().that().resideInAPackage(adapter + "..")
                            .should().dependOnClassesThat().resideInAPackage(other + "..")
                            .check(production);
                }
            }
        }
    }

    @Test
    void onlyBootstrapKnowsBootstrap() {
        noClasses().that().resideOutsideOfPackage("dev.ringback.bootstrap..")
                .should().dependOnClassesThat().resideInAPackage("dev.ringback.bootstrap..")
                .check(production);
    }

    @Test
    void theOnlyMainIsInBootstrap() {
        assertThat(production.stream()
                .filter(c -> c.getMethods().stream().anyMatch(m -> m.getName().equals("main") && m.getModifiers()
                        .contains(com.tngtech.archunit.core.domain.JavaModifier.STATIC)))
                .map(c -> c.getName()))
                .containsExactly(Main.class.getName());
    }

    @Test
    void theDomainRuleCatchesAViolation() {
        JavaClasses fixture = new ClassFileImporter().importPackages("dev.ringback.archfixture");
        EvaluationResult result = onlyJdkAnd("dev.ringback.archfixture").evaluate(fixture);
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).anyMatch(line -> line.contains("jakarta.inject"));
    }
}
