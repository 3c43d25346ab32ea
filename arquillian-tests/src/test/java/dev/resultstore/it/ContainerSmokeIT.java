package dev.resultstore.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.resultstore.ResultStore;
import dev.resultstore.TaskState;

@ExtendWith(ArquillianExtension.class)
class ContainerSmokeIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.war("smoke").addClass(Greeter.class);
    }

    @Inject
    Greeter greeter;

    @Test
    void beansOfTheWarAreInjectedInsideTheServer() {
        assertThat(greeter.greet("node")).isEqualTo("hello node");
    }

    @Test
    void resultstoreApiIsLoadedFromWebInfLib() {
        assertThat(ResultStore.class.getClassLoader()).isSameAs(Greeter.class.getClassLoader());
        assertThat(TaskState.SUCCESS.isReady()).isTrue();
    }

    @ApplicationScoped
    static class Greeter {
        String greet(String name) {
            return "hello " + name;
        }
    }
}
