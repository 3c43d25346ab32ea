package dev.resultstore.it;

import java.io.File;
import java.util.Arrays;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Builds test WARs the way users package ResultStore: its jars in {@code WEB-INF/lib}, the
 * configuration in {@code WEB-INF/classes/META-INF/microprofile-config.properties}.
 */
final class Deployments {

    private Deployments() {
    }

    /** A WAR named {@code name}.war with the resultstore jars, AssertJ and a beans.xml. */
    static WebArchive war(String name) {
        return ShrinkWrap.create(WebArchive.class, name + ".war")
                .addAsLibraries(jars("resultstore"))
                .addAsLibraries(jars("test"))
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
    }

    /** The jars Maven copied into {@code target/deployment-libs/<kind>}. */
    private static File[] jars(String kind) {
        File dir = new File(System.getProperty("deployment.libs"), kind);
        File[] jars = dir.listFiles((d, file) -> file.endsWith(".jar"));
        if (jars == null || jars.length == 0) {
            throw new IllegalStateException("No jars in " + dir + ": run the tests with mvn verify");
        }
        Arrays.sort(jars);
        return jars;
    }
}
