package dev.resultstore.it;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Builds test WARs the way users package ResultStore: its jars in {@code WEB-INF/lib}, the
 * configuration in {@code WEB-INF/classes/META-INF/microprofile-config.properties}. Runs on the
 * client side, where the failsafe execution's system properties are.
 */
final class Deployments {

    private Deployments() {
    }

    /** A WAR named {@code name}.war with the resultstore jars, AssertJ and a beans.xml. */
    static WebArchive war(String name) {
        return ShrinkWrap.create(WebArchive.class, name + ".war")
                .addAsLibraries(jars("resultstore"))
                .addAsLibraries(jars("test"))
                .addClass(Deployments.class)
                .addClass(Poll.class)
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
    }

    /** {@link #war} with {@code properties} (lines of {@code key=value}) as its MicroProfile Config. */
    static WebArchive war(String name, String... properties) {
        return war(name).addAsResource(new StringAsset(String.join("\n", properties) + "\n"),
                "META-INF/microprofile-config.properties");
    }

    /**
     * A fresh results directory for one test, under target/results/&lt;server&gt;: the servers
     * run one after the other and must not see each other's results.
     */
    static String resultsDir(String test) {
        Path dir = Path.of(System.getProperty("results.dir"), server(), test);
        // Properties files treat backslashes as escapes.
        return dir.toAbsolutePath().toString().replace('\\', '/');
    }

    /** The example application (examples/), exactly as Maven built it: reports.war. */
    static WebArchive exampleApplication() {
        return ShrinkWrap.createFromZipFile(WebArchive.class,
                new File(System.getProperty("deployment.libs"), "example/reports.war"));
    }

    /** The Arquillian container of this failsafe execution: wildfly or payara. */
    static String server() {
        return System.getProperty("arquillian.launch", "server");
    }

    /** The jars Maven copied into {@code target/deployment-libs/<kind>}. */
    static File[] jars(String kind) {
        File dir = new File(System.getProperty("deployment.libs"), kind);
        File[] jars = dir.listFiles((d, file) -> file.endsWith(".jar"));
        if (jars == null || jars.length == 0) {
            throw new IllegalStateException("No jars in " + dir + ": run the tests with mvn verify");
        }
        Arrays.sort(jars);
        return jars;
    }
}
